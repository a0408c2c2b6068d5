namespace ShelfCloud.Domain.Captures;

public enum CaptureStatus
{
    Pending,
    Processing,
    Recognized,
    Failed,
}
