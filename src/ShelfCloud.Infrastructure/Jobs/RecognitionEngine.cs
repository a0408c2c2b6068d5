using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ShelfCloud.Domain.Models;
using ShelfCloud.Infrastructure.Recognition;
using ShelfCloud.Vision.Inference;
using ShelfCloud.Vision.Recognition;

namespace ShelfCloud.Infrastructure.Jobs;

/// <summary>The embedder this node indexes reference images with, and its <see cref="ModelVersion"/> row.</summary>
public sealed record ActiveEmbedder(OnnxEmbedder Embedder, Guid VersionId, int Dimension);

/// <summary>What this node recognises captures with: the pipeline and the <see cref="ModelVersion"/> rows of its models.</summary>
public sealed record ActiveRecognition(RecognitionPipeline Pipeline, Guid DetectorVersionId, ActiveEmbedder Embedder);

/// <summary>
/// Loads this node's models once, on first need, and registers them as the active <see cref="ModelVersion"/>s. When a
/// model is missing or unusable it says why (<see cref="Problem"/>) instead of throwing, so that captures and reference
/// images stay Pending — never lost, never failed for a configuration problem — and are picked up once the models are
/// there (a later call looks again).
/// </summary>
public sealed class RecognitionEngine(IServiceProvider services, RecognitionModels models, IOptions<ModelOptions> paths, IServiceScopeFactory scopes)
{
    private readonly SemaphoreSlim _loading = new(1, 1);
    private ActiveEmbedder? _embedder;
    private ActiveRecognition? _recognition;

    /// <summary>Why the models cannot be used, from the last attempt to load them; null when they can (or were not needed yet).</summary>
    public string? Problem { get; private set; }

    /// <summary>The active embedder, or null (see <see cref="Problem"/>).</summary>
    public async Task<ActiveEmbedder?> TryGetEmbedderAsync(CancellationToken ct = default)
    {
        if (_embedder is { } loaded)
            return loaded;
        await _loading.WaitAsync(ct);
        try
        {
            _embedder ??= await LoadEmbedderAsync(ct);
            return _embedder;
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>The recognition pipeline and model versions, or null (see <see cref="Problem"/>).</summary>
    public async Task<ActiveRecognition?> TryGetRecognitionAsync(CancellationToken ct = default)
    {
        if (_recognition is { } loaded)
            return loaded;
        var embedder = await TryGetEmbedderAsync(ct);
        if (embedder is null)
            return null;
        await _loading.WaitAsync(ct);
        try
        {
            _recognition ??= await LoadRecognitionAsync(embedder, ct);
            return _recognition;
        }
        finally
        {
            _loading.Release();
        }
    }

    private async Task<ActiveEmbedder?> LoadEmbedderAsync(CancellationToken ct)
    {
        var embedder = Load(() => models.Embedder);
        if (embedder is null)
            return null;
        var version = await RegisterAsync(ModelKind.Embedder, paths.Value.Embedder, embedder.Card, embedder.Dimension, ct);
        Problem = null;
        return new ActiveEmbedder(embedder, version, embedder.Dimension);
    }

    private async Task<ActiveRecognition?> LoadRecognitionAsync(ActiveEmbedder embedder, CancellationToken ct)
    {
        var detector = Load(() => models.Detector);
        if (detector is null)
            return null;
        var pipeline = services.GetRequiredService<RecognitionPipeline>();
        var version = await RegisterAsync(ModelKind.Detector, paths.Value.Detector, detector.Card, null, ct);
        Problem = null;
        return new ActiveRecognition(pipeline, version, embedder);
    }

    private T? Load<T>(Func<T> load) where T : class
    {
        try
        {
            return load();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Problem = e.Message;
            return null;
        }
    }

    private async Task<Guid> RegisterAsync(ModelKind kind, string path, ModelCard card, int? dimension, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var registry = scope.ServiceProvider.GetRequiredService<ModelVersionRegistry>();
        return (await registry.RegisterActiveAsync(kind, path, card, dimension, ct)).Id;
    }
}
