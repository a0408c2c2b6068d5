using Hangfire.AspNetCore;
using Hangfire.Logging;
using Microsoft.Extensions.Logging;

namespace ShelfCloud.Infrastructure.Jobs;

/// <summary>
/// Hangfire's log provider is process-wide (static), so with several hosts in one process — the test suites start
/// many portals — it can point at a host that has shut down. Hangfire asks for loggers lazily (creating a retry filter,
/// for example), and a disposed logger factory would fail that request; this provider answers with a silent logger
/// instead. With one host per process, as in production, it is Hangfire's own ASP.NET Core provider.
/// </summary>
internal sealed class HostLogProvider(ILoggerFactory loggerFactory) : ILogProvider
{
    private readonly AspNetCoreLogProvider _inner = new(loggerFactory);

    public ILog GetLogger(string name)
    {
        try
        {
            return _inner.GetLogger(name);
        }
        catch (ObjectDisposedException)
        {
            return SilentLog.Instance;
        }
    }

    private sealed class SilentLog : ILog
    {
        public static readonly SilentLog Instance = new();

        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }
}
