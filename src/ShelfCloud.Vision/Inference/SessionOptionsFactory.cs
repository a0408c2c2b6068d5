using Microsoft.ML.OnnxRuntime;

namespace ShelfCloud.Vision.Inference;

/// <summary>
/// Builds ONNX Runtime <see cref="SessionOptions"/> from <see cref="InferenceOptions"/>. When CUDA is asked for
/// but cannot be used (CPU-only ONNX Runtime package, no driver, no device) it warns once and uses the CPU,
/// so a GPU worker that lost its GPU still processes captures, only slower.
/// </summary>
public sealed class SessionOptionsFactory
{
    private readonly InferenceOptions _options;
    private readonly Action<string> _warn;
    private int _cudaUnavailable;

    /// <summary>Creates the factory.</summary>
    /// <param name="options">The inference settings.</param>
    /// <param name="warn">Receives the one warning written when CUDA falls back to CPU (e.g. <c>m => logger.LogWarning(m)</c>).</param>
    public SessionOptionsFactory(InferenceOptions options, Action<string> warn)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(warn);
        ArgumentOutOfRangeException.ThrowIfNegative(options.IntraOpThreads);
        ArgumentOutOfRangeException.ThrowIfNegative(options.InterOpThreads);
        _options = options;
        _warn = warn;
    }

    /// <summary>The settings sessions are created with.</summary>
    public InferenceOptions Options => _options;

    /// <summary>Creates session options; <paramref name="provider"/> is the provider they really use. The caller disposes them.</summary>
    public SessionOptions Create(out ExecutionProvider provider)
    {
        if (_options.ExecutionProvider == ExecutionProvider.Cuda && Volatile.Read(ref _cudaUnavailable) == 0)
        {
            var cudaOptions = CreateCpuOptions();
            try
            {
                cudaOptions.AppendExecutionProvider_CUDA(_options.DeviceId);
                provider = ExecutionProvider.Cuda;
                return cudaOptions;
            }
            catch (Exception ex) when (ex is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException)
            {
                cudaOptions.Dispose();
                // Several sessions (detector, embedder) share this factory: one warning per process, not one per model.
                if (Interlocked.Exchange(ref _cudaUnavailable, 1) == 0)
                {
                    _warn($"Inference: the CUDA execution provider (device {_options.DeviceId}) is unavailable, running on CPU instead: {ex.Message.Trim()}");
                }
            }
        }

        provider = ExecutionProvider.Cpu;
        return CreateCpuOptions();
    }

    private SessionOptions CreateCpuOptions()
    {
        var sessionOptions = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        if (_options.IntraOpThreads > 0)
        {
            sessionOptions.IntraOpNumThreads = _options.IntraOpThreads;
        }

        if (_options.InterOpThreads > 0)
        {
            sessionOptions.InterOpNumThreads = _options.InterOpThreads;
        }

        return sessionOptions;
    }
}
