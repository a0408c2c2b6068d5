using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ShelfCloud.Domain.Recognition.Ranking;
using ShelfCloud.Domain.Recognition.Tracking;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Models;

namespace ShelfCloud.Infrastructure.Recognition;

/// <summary>
/// The second-level ranker a tenant's captures are decided with: its latest adopted model trained from its own
/// annotators, else the default model (<c>Models:Ranker</c>), else none (the realgram's order). The tracking settings
/// come with the model they were chosen with.
/// </summary>
public sealed class RankerSource(IOptions<ModelOptions> models, ILogger<RankerSource> logger)
{
    private readonly Lazy<RankerModel?> _default = new(() => LoadDefault(models.Value.Ranker, logger));

    /// <summary>The default model; null when its file is missing or unreadable (logged once).</summary>
    public RankerModel? Default => _default.Value;

    /// <summary>The ranker (null: the realgram's order) and tracking settings for the tenant of <paramref name="db"/>.</summary>
    public async Task<(ICandidateRanker? Ranker, TrackingSettings Tracking)> ForTenantAsync(ShelfCloudDbContext db, CancellationToken ct)
    {
        var own = await db.TenantRankerModels.AsNoTracking().Where(m => m.Adopted).OrderByDescending(m => m.TrainedAt).FirstOrDefaultAsync(ct);
        var model = own is null ? Default : ParseOrDefault(own);
        return model is null ? (null, TrackingSettings.Default) : (new LinearCandidateRanker(model), model.Tracking ?? Default?.Tracking ?? TrackingSettings.Default);
    }

    private RankerModel? ParseOrDefault(TenantRankerModel own)
    {
        try
        {
            return RankerModel.Parse(own.ModelJson);
        }
        catch (InvalidDataException e)
        {
            logger.LogWarning("The tenant's ranker {Version} cannot be read ({Reason}); the default ranks instead.", own.Version, e.Message);
            return Default;
        }
    }

    private static RankerModel? LoadDefault(string path, ILogger logger)
    {
        if (!File.Exists(path))
        {
            logger.LogInformation("No ranker model at {Path}: the realgram's order decides until a tenant trains its own.", path);
            return null;
        }

        try
        {
            return RankerModel.Parse(File.ReadAllText(path));
        }
        catch (InvalidDataException e)
        {
            logger.LogWarning("The ranker model at {Path} cannot be read ({Reason}): the realgram's order decides.", path, e.Message);
            return null;
        }
    }
}
