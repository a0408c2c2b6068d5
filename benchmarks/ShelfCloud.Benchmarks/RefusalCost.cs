using System.Diagnostics;
using ShelfCloud.Infrastructure.Captures;
using ShelfCloud.TestSupport;
using ShelfCloud.Vision.Imaging;

namespace ShelfCloud.Benchmarks;

/// <summary>What the upload check cost to refuse one file: CPU time, and the process' peak resident memory above its level before.</summary>
public sealed record RefusalCostResult(string Name, int Bytes, double CpuMs, double PeakExtraMb, string Reason);

/// <summary>
/// Runs the portal's upload check (<see cref="CaptureImageInspector"/>) on every file of the broken-and-hostile corpus
/// (<see cref="HostileImages"/>), one at a time in this process: CPU time from the process' processor time, memory as the
/// rise of the resident set's high-water mark (VmHWM, reset before each file through /proc/self/clear_refs), which counts
/// native (Skia) allocations as well as managed ones.
/// </summary>
public static class RefusalCost
{
    public static async Task<IReadOnlyList<RefusalCostResult>> RunAsync()
    {
        var inspector = new CaptureImageInspector();
        var results = new List<RefusalCostResult>();
        foreach (var image in HostileImages.All())
        {
            for (var warm = 0; warm < 2; warm++) // first call JITs; the second is measured
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                ResetPeak();
                var baseline = ResidentMb("VmRSS");
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var reason = "accepted";
                try
                {
                    await inspector.InspectAsync(image.Bytes);
                }
                catch (ImageRejectedException e)
                {
                    reason = e.Reason.ToString();
                }

                var used = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
                if (warm == 1)
                    results.Add(new RefusalCostResult(image.Name, image.Bytes.Length, Math.Round(used, 2), Math.Round(Math.Max(0, ResidentMb("VmHWM") - baseline), 2), reason));
            }
        }

        return results;
    }

    private static void ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (IOException)
        {
            // Not Linux, or not allowed: the high-water mark then covers the whole run so far.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static double ResidentMb(string field)
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;
    }
}
