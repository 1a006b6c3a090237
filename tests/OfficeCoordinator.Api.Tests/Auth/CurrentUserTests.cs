using System.Security.Claims;
using OfficeCoordinator.Api.Auth;

namespace OfficeCoordinator.Api.Tests.Auth;

public sealed class CurrentUserTests
{
    private static ClaimsPrincipal Principal(params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value)), "Bearer"));

    [Fact]
    public void In_Entra_mode_an_invitation_binds_by_the_sign_in_name_never_by_the_email_claim()
    {
        var user = new CurrentUser();

        user.Fill(Principal(("tid", "contoso-tid"), ("oid", "oid-1"), ("name", "Mallory"),
            ("email", "ceo@contoso.com"), ("preferred_username", "mallory@fabrikam.com")), SignInMode.Entra);

        user.SignInName.Should().Be("mallory@fabrikam.com");
        user.Email.Should().Be("ceo@contoso.com");
    }

    [Fact]
    public void In_Entra_mode_a_token_without_a_tenant_has_no_tenant_rather_than_the_local_one()
    {
        var user = new CurrentUser();

        user.Fill(Principal(("oid", "oid-1"), ("preferred_username", "someone@contoso.com")), SignInMode.Entra);

        user.IsAuthenticated.Should().BeFalse();
        user.TenantId.Should().BeEmpty();
    }

    [Fact]
    public void In_Local_mode_the_email_claim_is_the_sign_in_name_and_the_tenant_defaults_to_local()
    {
        var user = new CurrentUser();

        user.Fill(Principal(("sub", "sub-7"), ("email", "Dan@Contoso.com"), ("preferred_username", "dan.other@contoso.com")), SignInMode.Local);

        (user.TenantId, user.ObjectId, user.SignInName, user.Email, user.Name)
            .Should().Be(("local", "sub-7", "dan@contoso.com", "dan@contoso.com", "dan@contoso.com"));
    }
}
