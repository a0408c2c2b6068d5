using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ShelfCloud.Infrastructure.Models;
using ShelfCloud.Infrastructure.Recognition;
using ShelfCloud.Infrastructure.Vectors;
using ShelfCloud.Infrastructure.Vectors.Qdrant;
using ShelfCloud.TestSupport;
using ShelfCloud.Vision.Inference;
using ShelfCloud.Vision.Recognition;
using ShelfCloud.Vision.Search;

namespace ShelfCloud.Infrastructure.Tests.Recognition;

/// <summary>What <c>AddRecognitionServices</c> builds from configuration.</summary>
public sealed class RecognitionServicesTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("shelfcloud-recognition-").FullName;
    private readonly List<string> _warnings = [];

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task The_embedded_index_is_the_default_and_persists_under_the_data_folder()
    {
        var tenant = Guid.NewGuid();
        using (var services = Build([]))
        {
            var index = services.GetRequiredService<IVectorIndex>();
            index.ShouldBeOfType<EmbeddedVectorIndex>();
            await index.UpsertAsync([new VectorPoint(Guid.NewGuid(), [1, 0], new VectorPayload(tenant, Guid.NewGuid(), null, null, VectorSource.Reference))]);
        }

        Directory.EnumerateFiles(Path.Combine(_data, "vectors")).ShouldNotBeEmpty();
        using var reopened = Build([]);
        (await reopened.GetRequiredService<IVectorIndex>().CountAsync(new VectorFilter(tenant))).ShouldBe(1);
    }

    [Fact]
    public void Qdrant_is_chosen_by_setting_and_its_settings_are_validated_by_name()
    {
        using var incomplete = Build(new() { ["Vectors:Provider"] = "Qdrant" });
        var error = Should.Throw<OptionsValidationException>(() => incomplete.GetRequiredService<IOptions<VectorIndexOptions>>().Value);
        error.Failures.ShouldContain(f => f.Contains("Vectors:Qdrant:Collection"));
        error.Failures.ShouldContain(f => f.Contains("Vectors:Qdrant:Dimension"));

        using var complete = Build(new()
        {
            ["Vectors:Provider"] = "Qdrant",
            ["Vectors:Qdrant:Url"] = "http://127.0.0.1:6333",
            ["Vectors:Qdrant:Collection"] = "embedder-v1",
            ["Vectors:Qdrant:Dimension"] = "16",
        });
        complete.GetRequiredService<IVectorIndex>().ShouldBeOfType<QdrantVectorIndex>();
    }

    [Fact]
    public void A_missing_model_fails_with_one_message_naming_its_setting()
    {
        using var services = Build(new() { ["Models:Detector"] = Path.Combine(_data, "nope.onnx"), ["Models:Embedder"] = TestModels.Embedder });

        var error = Should.Throw<ModelUnavailableException>(() => services.GetRequiredService<RecognitionPipeline>());

        error.SettingName.ShouldBe("Models:Detector");
        error.Message.ShouldContain("Models:Detector");
        error.Message.ShouldContain("nope.onnx");
    }

    [Fact]
    public void Configured_models_and_inference_settings_build_the_pipeline()
    {
        using var services = Build(new()
        {
            ["Models:Detector"] = TestModels.Detector,
            ["Models:Embedder"] = TestModels.Embedder,
            ["Inference:IntraOpThreads"] = "1",
            ["Inference:Detection:ConfidenceThreshold"] = "0.5",
        });

        var pipeline = services.GetRequiredService<RecognitionPipeline>();

        pipeline.IsDetectionOnly.ShouldBeFalse();
        pipeline.DetectorCard.ClassNames.ShouldBe(["product", "empty"]);
        pipeline.EmbedderCard!.Name.ShouldBe("quadrant-embedder");
        services.GetRequiredService<IOptions<InferenceOptions>>().Value.Detection.ConfidenceThreshold.ShouldBe(0.5f);
    }

    [Fact]
    public void The_cuda_fallback_warning_goes_to_the_log()
    {
        using var services = Build(new() { ["Inference:ExecutionProvider"] = "Cuda" });

        using var options = services.GetRequiredService<SessionOptionsFactory>().Create(out var provider);

        provider.ShouldBe(ExecutionProvider.Cpu);
        _warnings.ShouldHaveSingleItem().ShouldContain("CUDA execution provider");
    }

    private ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(new DataFolder(_data));
        services.AddLogging(logging => logging.AddProvider(new WarningCollector(_warnings)));
        services.AddRecognitionServices();
        return services.BuildServiceProvider();
    }

    private sealed class WarningCollector(List<string> warnings) : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                warnings.Add(formatter(state, exception));
            }
        }

        public void Dispose()
        {
        }
    }
}
