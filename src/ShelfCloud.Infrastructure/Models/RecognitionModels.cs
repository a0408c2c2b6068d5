using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ShelfCloud.Domain.Models;
using ShelfCloud.Vision.Inference;
using ShelfCloud.Vision.Recognition;

namespace ShelfCloud.Infrastructure.Models;

/// <summary>The embedder this node indexes reference images with, and its <see cref="ModelVersion"/> row.</summary>
public sealed record ActiveEmbedder(OnnxEmbedder Embedder, Guid VersionId, int Dimension);

/// <summary>What this node recognises captures with: the pipeline and the <see cref="ModelVersion"/> rows of its models.</summary>
public sealed record ActiveRecognition(RecognitionPipeline Pipeline, Guid DetectorVersionId, ActiveEmbedder Embedder);

/// <summary>
/// This node's detector and embedder (<c>Models:Detector</c>, <c>Models:Embedder</c>): each loaded on first need,
/// shared for the process' lifetime and registered as the active <see cref="ModelVersion"/> of its kind. Jobs ask
/// through <see cref="TryGetEmbedderAsync"/> and <see cref="TryGetRecognitionAsync"/>: when a model is missing or
/// unusable they get null and <see cref="Problem"/> says why, so that captures and reference images stay Pending —
/// never lost, never failed for a configuration problem — and a later call looks again, picking up a model copied in
/// afterwards.
/// </summary>
public sealed class RecognitionModels : IDisposable
{
    private readonly IServiceProvider _services;
    private readonly IServiceScopeFactory _scopes;
    private readonly ModelOptions _models;
    private readonly InferenceOptions _inference;
    private readonly SessionOptionsFactory _sessions;
    private readonly Lock _loadingFiles = new();
    private readonly SemaphoreSlim _activating = new(1, 1);
    private OnnxDetector? _detector;
    private OnnxEmbedder? _embedder;
    private ActiveEmbedder? _activeEmbedder;
    private ActiveRecognition? _activeRecognition;

    /// <summary>Creates the holder; nothing is loaded yet.</summary>
    public RecognitionModels(
        IServiceProvider services, IServiceScopeFactory scopes, IOptions<ModelOptions> models, IOptions<InferenceOptions> inference, SessionOptionsFactory sessions)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(scopes);
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(inference);
        ArgumentNullException.ThrowIfNull(sessions);
        _services = services;
        _scopes = scopes;
        _models = models.Value;
        _inference = inference.Value;
        _sessions = sessions;
    }

    /// <summary>Why the models cannot be used, from the last attempt to load them; null when they can (or were not needed yet).</summary>
    public string? Problem { get; private set; }

    /// <summary>The detector of <c>Models:Detector</c>.</summary>
    /// <exception cref="ModelUnavailableException">The file does not exist.</exception>
    /// <exception cref="InvalidModelShapeException">The file is not a detector of the expected form.</exception>
    public OnnxDetector Detector
    {
        get
        {
            lock (_loadingFiles)
            {
                return _detector ??= LoadDetector(_models.Detector, ModelOptions.DetectorSetting, _sessions, _inference.Detection);
            }
        }
    }

    /// <summary>The embedder of <c>Models:Embedder</c>.</summary>
    /// <exception cref="ModelUnavailableException">The file does not exist.</exception>
    /// <exception cref="InvalidModelShapeException">The file is not an embedder of the expected form.</exception>
    public OnnxEmbedder Embedder
    {
        get
        {
            lock (_loadingFiles)
            {
                return _embedder ??= LoadEmbedder(_models.Embedder, ModelOptions.EmbedderSetting, _sessions, _inference.EmbedderMaxBatchSize);
            }
        }
    }

    /// <summary>The active embedder, or null (see <see cref="Problem"/>).</summary>
    public async Task<ActiveEmbedder?> TryGetEmbedderAsync(CancellationToken ct = default)
    {
        if (_activeEmbedder is { } loaded)
            return loaded;
        await _activating.WaitAsync(ct);
        try
        {
            _activeEmbedder ??= await ActivateEmbedderAsync(ct);
            return _activeEmbedder;
        }
        finally
        {
            _activating.Release();
        }
    }

    /// <summary>The recognition pipeline and model versions, or null (see <see cref="Problem"/>).</summary>
    public async Task<ActiveRecognition?> TryGetRecognitionAsync(CancellationToken ct = default)
    {
        if (_activeRecognition is { } loaded)
            return loaded;
        var embedder = await TryGetEmbedderAsync(ct);
        if (embedder is null)
            return null;
        await _activating.WaitAsync(ct);
        try
        {
            _activeRecognition ??= await ActivateRecognitionAsync(embedder, ct);
            return _activeRecognition;
        }
        finally
        {
            _activating.Release();
        }
    }

    /// <summary>Loads a detector, turning a missing file into a <see cref="ModelUnavailableException"/> that names <paramref name="settingName"/>.</summary>
    public static OnnxDetector LoadDetector(string path, string settingName, SessionOptionsFactory sessions, DetectionOptions? options = null)
    {
        RequireFile(ModelKind.Detector, path, settingName);
        return OnnxDetector.Load(path, sessions, options);
    }

    /// <summary>Loads an embedder, turning a missing file into a <see cref="ModelUnavailableException"/> that names <paramref name="settingName"/>.</summary>
    public static OnnxEmbedder LoadEmbedder(string path, string settingName, SessionOptionsFactory sessions, int maxBatchSize = 32)
    {
        RequireFile(ModelKind.Embedder, path, settingName);
        return OnnxEmbedder.Load(path, sessions, maxBatchSize);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_loadingFiles)
        {
            _detector?.Dispose();
            _embedder?.Dispose();
            _detector = null;
            _embedder = null;
        }
    }

    private async Task<ActiveEmbedder?> ActivateEmbedderAsync(CancellationToken ct)
    {
        var embedder = TryLoad(() => Embedder);
        if (embedder is null)
            return null;
        var version = await RegisterAsync(ModelKind.Embedder, _models.Embedder, embedder.Card, embedder.Dimension, ct);
        Problem = null;
        return new ActiveEmbedder(embedder, version, embedder.Dimension);
    }

    private async Task<ActiveRecognition?> ActivateRecognitionAsync(ActiveEmbedder embedder, CancellationToken ct)
    {
        var detector = TryLoad(() => Detector);
        if (detector is null)
            return null;
        var pipeline = _services.GetRequiredService<RecognitionPipeline>();
        var version = await RegisterAsync(ModelKind.Detector, _models.Detector, detector.Card, null, ct);
        Problem = null;
        return new ActiveRecognition(pipeline, version, embedder);
    }

    private T? TryLoad<T>(Func<T> load) where T : class
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
        await using var scope = _scopes.CreateAsyncScope();
        var registry = scope.ServiceProvider.GetRequiredService<ModelVersionRegistry>();
        return (await registry.RegisterActiveAsync(kind, path, card, dimension, ct)).Id;
    }

    private static void RequireFile(ModelKind kind, string path, string settingName)
    {
        if (string.IsNullOrWhiteSpace(path) || !File.Exists(path))
        {
            throw new ModelUnavailableException(kind, path, settingName);
        }
    }
}
