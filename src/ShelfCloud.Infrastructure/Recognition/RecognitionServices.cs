using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ShelfCloud.Infrastructure.Models;
using ShelfCloud.Infrastructure.Vectors;
using ShelfCloud.Infrastructure.Vectors.Qdrant;
using ShelfCloud.Vision.Inference;
using ShelfCloud.Vision.Recognition;
using ShelfCloud.Vision.Search;

namespace ShelfCloud.Infrastructure.Recognition;

/// <summary>Inference settings, the models, the vector index of <c>Vectors:Provider</c> and the recognition pipeline.</summary>
public static class RecognitionServices
{
    /// <summary>The named HttpClient the Qdrant adapter uses.</summary>
    public const string QdrantHttpClient = "qdrant";

    /// <summary>Pipeline settings section (<see cref="RecognitionPipelineOptions"/>).</summary>
    public const string PipelineSection = "Recognition";

    /// <summary>
    /// Registers <see cref="SessionOptionsFactory"/> (its CUDA-fallback warning goes to the log),
    /// <see cref="RecognitionModels"/>, <see cref="IVectorIndex"/> and <see cref="RecognitionPipeline"/>.
    /// Models load on first use, so hosts that never recognise anything start without them.
    /// </summary>
    public static IServiceCollection AddRecognitionServices(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<InferenceOptions>().BindConfiguration(InferenceOptions.SectionName)
            .Validate(o => o.IntraOpThreads >= 0 && o.InterOpThreads >= 0 && o.EmbedderMaxBatchSize >= 1,
                "Inference:IntraOpThreads and Inference:InterOpThreads must be 0 or more, Inference:EmbedderMaxBatchSize 1 or more.")
            .ValidateOnStart();
        services.AddOptions<ModelOptions>().BindConfiguration(ModelOptions.Section);
        services.AddOptions<RecognitionPipelineOptions>().BindConfiguration(PipelineSection);
        services.AddOptions<VectorIndexOptions>().BindConfiguration(VectorIndexOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<VectorIndexOptions>, VectorIndexOptionsValidator>());

        services.AddSingleton(sp =>
        {
            var logger = sp.GetRequiredService<ILogger<SessionOptionsFactory>>();
            return new SessionOptionsFactory(sp.GetRequiredService<IOptions<InferenceOptions>>().Value, message => logger.LogWarning("{Warning}", message));
        });
        // The active models as versions in the database: jobs recognise with them, annotations are embedded with them.
        services.AddSingleton<RecognitionModels>();
        services.AddScoped<ModelVersionRegistry>();

        // One long-lived client: pooled connections are recycled so DNS changes of the Qdrant service are seen.
        services.AddHttpClient(QdrantHttpClient)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        services.AddSingleton<IVectorIndex>(CreateVectorIndex);

        services.AddSingleton(sp =>
        {
            var models = sp.GetRequiredService<RecognitionModels>();
            return new RecognitionPipeline(
                models.Detector,
                models.Embedder,
                sp.GetRequiredService<IVectorIndex>(),
                sp.GetRequiredService<IOptions<RecognitionPipelineOptions>>().Value);
        });
        return services;
    }

    private static IVectorIndex CreateVectorIndex(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<VectorIndexOptions>>().Value;
        switch (options.Provider)
        {
            case VectorIndexProvider.Embedded:
                options.Embedded.Directory ??= services.GetRequiredService<DataFolder>().Combine("vectors");
                return new EmbeddedVectorIndex(options.Embedded);
            case VectorIndexProvider.Qdrant:
                var http = services.GetRequiredService<IHttpClientFactory>().CreateClient(QdrantHttpClient);
                return new QdrantVectorIndex(http, options.Qdrant, services.GetService<TimeProvider>());
            default:
                throw new OptionsValidationException(VectorIndexOptions.Section, typeof(VectorIndexOptions), [$"Unknown vector index provider '{options.Provider}'."]);
        }
    }

    /// <summary>Reports every problem of the settings by name.</summary>
    private sealed class VectorIndexOptionsValidator : IValidateOptions<VectorIndexOptions>
    {
        public ValidateOptionsResult Validate(string? name, VectorIndexOptions options)
        {
            var problems = options.Problems().ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
