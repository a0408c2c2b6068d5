using System.Diagnostics;
using Microsoft.Extensions.Options;
using ShelfCloud.Infrastructure.Jobs;
using ShelfCloud.Vision.Recognition;

namespace ShelfCloud.Infrastructure.Recognition;

/// <summary>
/// Gives uploads priority over recognition in one process: every upload notes itself, and recognition, between its
/// steps (decoding, each photo's detection, each embedder chunk, writing the outcome, the shelf analysis), waits while
/// uploads arrived within the last
/// <see cref="JobOptions.YieldToUploadsMilliseconds"/>. A camera fleet's bursts are short; once they stop, recognition
/// runs at full speed again. Under uploads that never pause it still takes a step every <see cref="MaxWait"/>, so
/// nothing waits forever.
/// </summary>
public sealed class UploadPriority(IOptions<JobOptions> options) : IRecognitionPacer
{
    /// <summary>The longest recognition waits for one step.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);
    private long _lastUpload = long.MinValue;
    private long _waits;

    /// <summary>Steps recognition has waited for since start-up.</summary>
    public long Waits => Interlocked.Read(ref _waits);

    /// <summary>Waits while uploads arrived within the quiet window, at most <see cref="MaxWait"/>.</summary>
    public async Task WaitForTurnAsync(CancellationToken cancellationToken)
    {
        var quiet = TimeSpan.FromMilliseconds(options.Value.YieldToUploadsMilliseconds);
        if (quiet <= TimeSpan.Zero || !UploadsWithin(quiet))
            return;
        Interlocked.Increment(ref _waits);
        var start = Stopwatch.GetTimestamp();
        while (UploadsWithin(quiet) && Stopwatch.GetElapsedTime(start) < MaxWait)
            await Task.Delay(Poll, cancellationToken);
    }

    public void NoteUpload() => Interlocked.Exchange(ref _lastUpload, Stopwatch.GetTimestamp());

    /// <summary>The pipeline's steps run on a job's own thread, so waiting blocks it.</summary>
    public void WaitForTurn(CancellationToken cancellationToken) => WaitForTurnAsync(cancellationToken).GetAwaiter().GetResult();

    private bool UploadsWithin(TimeSpan window)
    {
        var last = Interlocked.Read(ref _lastUpload);
        return last != long.MinValue && Stopwatch.GetElapsedTime(last) < window;
    }
}
