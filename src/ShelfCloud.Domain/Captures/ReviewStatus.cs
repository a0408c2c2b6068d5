namespace ShelfCloud.Domain.Captures;

public enum ReviewStatus
{
    Unreviewed,
    Accepted,
    Corrected,
    Rejected,
}
