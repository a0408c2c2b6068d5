namespace ShelfCloud.Vision.Recognition;

/// <summary>
/// Lets the host hold recognition back between its steps (before decoding, before each detector batch, before each
/// embedder chunk) when something more urgent shares the machine, such as uploads in the same process.
/// </summary>
public interface IRecognitionPacer
{
    /// <summary>Blocks until recognition may take its next step.</summary>
    void WaitForTurn(CancellationToken cancellationToken);
}
