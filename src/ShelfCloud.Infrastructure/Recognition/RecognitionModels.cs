using Microsoft.Extensions.Options;
using ShelfCloud.Domain.Models;
using ShelfCloud.Vision.Inference;

namespace ShelfCloud.Infrastructure.Recognition;

/// <summary>
/// The configured detector and embedder, each loaded on first use and shared for the process' lifetime.
/// A missing file fails that first use with a <see cref="ModelUnavailableException"/> naming the setting;
/// a later use looks again, so a model copied in afterwards is picked up.
/// </summary>
public sealed class RecognitionModels : IDisposable
{
    private readonly ModelOptions _models;
    private readonly InferenceOptions _inference;
    private readonly SessionOptionsFactory _sessions;
    private readonly Lock _loading = new();
    private OnnxDetector? _detector;
    private OnnxEmbedder? _embedder;

    /// <summary>Creates the holder; nothing is loaded yet.</summary>
    public RecognitionModels(IOptions<ModelOptions> models, IOptions<InferenceOptions> inference, SessionOptionsFactory sessions)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(inference);
        ArgumentNullException.ThrowIfNull(sessions);
        _models = models.Value;
        _inference = inference.Value;
        _sessions = sessions;
    }

    /// <summary>The detector of <c>Models:Detector</c>.</summary>
    /// <exception cref="ModelUnavailableException">The file does not exist.</exception>
    /// <exception cref="InvalidModelShapeException">The file is not a detector of the expected form.</exception>
    public OnnxDetector Detector
    {
        get
        {
            lock (_loading)
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
            lock (_loading)
            {
                return _embedder ??= LoadEmbedder(_models.Embedder, ModelOptions.EmbedderSetting, _sessions, _inference.EmbedderMaxBatchSize);
            }
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
        lock (_loading)
        {
            _detector?.Dispose();
            _embedder?.Dispose();
            _detector = null;
            _embedder = null;
        }
    }

    private static void RequireFile(ModelKind kind, string path, string settingName)
    {
        if (string.IsNullOrWhiteSpace(path) || !File.Exists(path))
        {
            throw new ModelUnavailableException(kind, path, settingName);
        }
    }
}
