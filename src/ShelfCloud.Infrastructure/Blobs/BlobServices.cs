using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ShelfCloud.Infrastructure.Blobs;

internal static class BlobServices
{
    /// <summary>The <see cref="IBlobStore"/> that <c>Blobs:Provider</c> names; the settings are validated at start-up.</summary>
    public static IServiceCollection AddBlobStore(this IServiceCollection services)
    {
        services.AddOptions<BlobStoreOptions>().BindConfiguration(BlobStoreOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BlobStoreOptions>, BlobStoreOptionsValidator>());
        services.AddSingleton<IBlobStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<BlobStoreOptions>>().Value;
            return options.Provider switch
            {
                BlobProvider.FileSystem => new FileSystemBlobStore(sp.GetRequiredService<DataFolder>().Combine("blobs")),
                BlobProvider.Azure => AzureBlobStore.Create(options.Azure),
                _ => throw new OptionsValidationException(BlobStoreOptions.Section, typeof(BlobStoreOptions), [$"Unknown blob provider '{options.Provider}'."]),
            };
        });
        return services;
    }

    /// <summary>Reports every problem of the settings by name, not one generic failure.</summary>
    private sealed class BlobStoreOptionsValidator : IValidateOptions<BlobStoreOptions>
    {
        public ValidateOptionsResult Validate(string? name, BlobStoreOptions options)
        {
            var problems = options.Problems().ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
