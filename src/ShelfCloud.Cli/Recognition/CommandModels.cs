using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ShelfCloud.Domain.Recognition.Ranking;
using ShelfCloud.Infrastructure.Models;
using ShelfCloud.Infrastructure.Recognition;
using ShelfCloud.Vision.Inference;

namespace ShelfCloud.Cli.Recognition;

/// <summary>
/// Loads the models a command names with <c>--detector</c>/<c>--embedder</c>, or else the configured
/// <c>Models:Detector</c>/<c>Models:Embedder</c>, with the host's inference settings and logger.
/// </summary>
internal sealed class CommandModels(IServiceProvider services)
{
    private readonly ModelOptions _configured = services.GetRequiredService<IOptions<ModelOptions>>().Value;
    private readonly InferenceOptions _inference = services.GetRequiredService<IOptions<InferenceOptions>>().Value;
    private readonly SessionOptionsFactory _sessions = services.GetRequiredService<SessionOptionsFactory>();

    public string DetectorPath(string? option) => Path.GetFullPath(option ?? _configured.Detector);

    public string EmbedderPath(string? option) => Path.GetFullPath(option ?? _configured.Embedder);

    /// <summary>Loads the detector; <paramref name="confidenceThreshold"/> overrides the configured one.</summary>
    public OnnxDetector Detector(string? option, float? confidenceThreshold = null)
    {
        var detection = _inference.Detection;
        if (confidenceThreshold is { } threshold)
        {
            detection = new DetectionOptions
            {
                ConfidenceThreshold = threshold,
                IouThreshold = detection.IouThreshold,
                MaxDetections = detection.MaxDetections,
                MaxBatchSize = detection.MaxBatchSize,
            };
        }

        try
        {
            return RecognitionModels.LoadDetector(DetectorPath(option), ModelOptions.DetectorSetting, _sessions, detection);
        }
        catch (ModelUnavailableException missing)
        {
            throw Missing(missing, option, "--detector");
        }
    }

    public OnnxEmbedder Embedder(string? option)
    {
        try
        {
            return RecognitionModels.LoadEmbedder(EmbedderPath(option), ModelOptions.EmbedderSetting, _sessions, _inference.EmbedderMaxBatchSize);
        }
        catch (ModelUnavailableException missing)
        {
            throw Missing(missing, option, "--embedder");
        }
    }

    /// <summary>
    /// The second-level ranker <c>--ranker</c> names, else the configured <c>Models:Ranker</c> when that file exists;
    /// null (the realgram's order) without either.
    /// </summary>
    public LinearCandidateRanker? Ranker(string? option)
    {
        var path = Path.GetFullPath(option ?? _configured.Ranker);
        if (!File.Exists(path))
            return option is null ? null : throw new CommandInputException($"--ranker: the model file '{option}' does not exist.");
        try
        {
            return new LinearCandidateRanker(RankerModel.Parse(File.ReadAllText(path)));
        }
        catch (InvalidDataException e)
        {
            throw new CommandInputException($"{(option is null ? ModelOptions.Section + ":Ranker" : "--ranker")}: {e.Message}");
        }
    }

    private static CommandInputException Missing(ModelUnavailableException missing, string? option, string flag) => option is not null
        ? new CommandInputException($"{flag}: the model file '{option}' does not exist.")
        : new CommandInputException(
            $"no {missing.Kind.ToString().ToLowerInvariant()} model at '{missing.ModelPath}' (the configured default): " +
            $"pass {flag} PATH or set {missing.SettingName}.");
}
