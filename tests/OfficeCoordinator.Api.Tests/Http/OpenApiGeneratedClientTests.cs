using System.Net.Http.Headers;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using OfficeCoordinator.Api.Tests.Infrastructure;
using OfficeCoordinator.Generated;
using Kiota = OfficeCoordinator.Generated.Models;

namespace OfficeCoordinator.Api.Tests.Http;

// A client that Kiota (Microsoft's OpenAPI client generator) generates from the committed document on every build of
// tests/OfficeCoordinator.GeneratedClient, used as an integrator would: it creates a project, makes a task from an
// email, gets the same task for the same email again, reads it back in the list, and meets a refusal as the document's
// validation problem.
public sealed class OpenApiGeneratedClientTests(SqliteApplication app) : IClassFixture<SqliteApplication>
{
    [Fact]
    public async Task A_client_generated_by_Kiota_from_the_committed_document_makes_a_task_from_an_email()
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", app.TokenFor(TestUser.Create("Bob Coordinator")));
        var adapter = new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http)
        {
            BaseUrl = app.BaseAddress.ToString().TrimEnd('/'),
        };
        var client = new GeneratedCoordinatorClient(adapter);
        var email = new Kiota.EmailMessage
        {
            InternetMessageId = "<catering-42@catering.example>",
            ConversationId = "conv-catering-42",
            Subject = "RE: Catering order for the launch: please confirm by Friday",
            From = new Kiota.EmailAddress { Name = "Carl Caterer", Email = "carl@catering.example" },
            To = [new Kiota.EmailAddress { Name = "Bob Coordinator", Email = "bob@contoso.example" }],
            ReceivedAt = new DateTimeOffset(2026, 12, 7, 9, 30, 0, TimeSpan.FromHours(1)),
            BodyText = "Hello Bob, could you confirm the catering order for the launch by Friday? Thanks, Carl",
        };

        var project = await client.Api.Projects.PostAsync(new Kiota.NewProject { Name = "Launch (generated client)" });
        var projectApi = client.Api.Projects[project!.Id];
        var task = await projectApi.Tasks.FromEmail.PostAsync(new Kiota.EmailTaskRequest { Email = email });
        var again = await projectApi.Tasks.FromEmail.PostAsync(new Kiota.EmailTaskRequest { Email = email });
        var page = await projectApi.Tasks.GetAsync();

        task!.Key.Should().Be($"T-{task.Number}");
        task.Title.Should().Contain("Catering order for the launch");
        task.Requester.Should().Be("carl@catering.example");
        task.Status.Should().Be(Kiota.WorkStatus.NotStarted);
        task.Source!.InternetMessageId.Should().Be("<catering-42@catering.example>");
        again!.Number.Should().Be(task.Number, "the same email makes one task");
        page!.Items.Should().ContainSingle().Which.Title.Should().Be(task.Title);

        var refused = await FluentActions.Awaiting(() => projectApi.Tasks.FromEmail.PostAsync(
                new Kiota.EmailTaskRequest { Email = new Kiota.EmailMessage { InternetMessageId = "<no-sender@contoso.example>", ReceivedAt = email.ReceivedAt } }))
            .Should().ThrowAsync<Kiota.HttpValidationProblemDetails>();
        refused.Which.ResponseStatusCode.Should().Be(400);
        refused.Which.Errors!.AdditionalData.Should().ContainKey("email.from");
    }
}
