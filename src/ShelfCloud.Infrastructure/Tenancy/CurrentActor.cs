namespace ShelfCloud.Infrastructure.Tenancy;

/// <summary>Who performs the current operation, for the audit log: a signed-in user, the CLI or a job.</summary>
public sealed class CurrentActor
{
    public string? UserId { get; private set; }
    public string UserName { get; private set; } = "system";

    public void Set(string? userId, string userName)
    {
        UserId = userId;
        UserName = userName;
    }
}
