using System.Runtime.InteropServices;

namespace ShelfCloud.Infrastructure.Blobs;

/// <summary>
/// Makes a directory's entries durable (<c>fsync</c> on the directory). A file flushed to disk and then renamed into
/// place is only findable after a power cut once the directory that gained the name is flushed too; .NET cannot open
/// a directory as a file, hence the two libc calls. On Windows (NTFS journals the rename) this does nothing.
/// </summary>
internal static partial class DirectoryFlush
{
    private const int ReadOnly = 0;

    public static void Flush(string directory)
    {
        if (OperatingSystem.IsWindows())
            return;
        var descriptor = Open(directory, ReadOnly);
        if (descriptor < 0)
            throw new IOException($"Could not open the folder '{directory}' to flush it (errno {Marshal.GetLastPInvokeError()}).");
        try
        {
            if (Fsync(descriptor) != 0)
                throw new IOException($"Could not flush the folder '{directory}' to disk (errno {Marshal.GetLastPInvokeError()}).");
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int descriptor);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int descriptor);
}
