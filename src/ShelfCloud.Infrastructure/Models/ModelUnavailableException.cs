using ShelfCloud.Domain.Models;

namespace ShelfCloud.Infrastructure.Models;

/// <summary>A model that a component needs is not at the configured path.</summary>
public sealed class ModelUnavailableException : Exception
{
    /// <summary>Creates the exception with a message naming the model, the path and the setting.</summary>
    public ModelUnavailableException(ModelKind kind, string path, string settingName)
        : base($"No {kind.ToString().ToLowerInvariant()} model at '{path}'. Set {settingName} to an ONNX {kind.ToString().ToLowerInvariant()} file.")
    {
        Kind = kind;
        ModelPath = path;
        SettingName = settingName;
    }

    /// <summary>Detector or embedder.</summary>
    public ModelKind Kind { get; }

    /// <summary>The path that was looked at.</summary>
    public string ModelPath { get; }

    /// <summary>The configuration setting that names the model's path.</summary>
    public string SettingName { get; }
}
