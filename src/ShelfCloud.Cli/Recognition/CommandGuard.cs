using Microsoft.ML.OnnxRuntime;
using ShelfCloud.Vision.Imaging;
using ShelfCloud.Vision.Inference;

namespace ShelfCloud.Cli.Recognition;

/// <summary>Turns the failures a recognition command expects into one <c>error: …</c> line and exit code 1.</summary>
internal static class CommandGuard
{
    public static async Task<int> RunAsync(CliContext cli, Func<Task<int>> command)
    {
        try
        {
            return await command();
        }
        catch (CommandInputException e)
        {
            return cli.Fail(e.Message);
        }
        catch (InvalidModelShapeException e)
        {
            return cli.Fail(e.Message);
        }
        catch (OnnxRuntimeException e)
        {
            return cli.Fail($"ONNX Runtime cannot load or run the model: {e.Message.Trim()}");
        }
        catch (ImageRejectedException e)
        {
            return cli.Fail($"the image cannot be read: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return cli.Fail(e.Message);
        }
    }
}
