using System.Text.Json.Serialization;

namespace OfficeCoordinator.Api.Http;

public static class ApiJson
{
    // The largest request body the API reads (the plan import sets its own, larger limit).
    public const long MaxRequestBodyBytes = 1024 * 1024;

    // camelCase (the web default), enums by name only, instants with an offset, numbers as numbers, no member given twice.
    public static IServiceCollection AddApiJson(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.Converters.Add(new EnumNames());
            options.SerializerOptions.Converters.Add(new Instants());
            options.SerializerOptions.Converters.Add(new JsonObjects());
            options.SerializerOptions.Converters.Add(new NoNulStrings());
            options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            options.SerializerOptions.AllowDuplicateProperties = false;
        });
}
