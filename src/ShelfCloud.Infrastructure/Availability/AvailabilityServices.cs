using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ShelfCloud.Infrastructure.Availability;

internal static class AvailabilityServices
{
    /// <summary>Capture analysis (with its periodic sweep) and the availability reads; <c>Availability:*</c> validated at start-up.</summary>
    public static IServiceCollection AddAvailability(this IServiceCollection services)
    {
        services.AddOptions<AvailabilityOptions>().BindConfiguration(AvailabilityOptions.Section)
            .Validate(o => o.CapturesToRaise >= 1, "Availability:CapturesToRaise must be at least 1.")
            .Validate(o => o.MinGapFraction > 0, "Availability:MinGapFraction must be more than 0.")
            .Validate(o => o.RowOverlap is > 0 and <= 1, "Availability:RowOverlap must be in (0, 1].")
            .Validate(o => o.ShelfHeatmapCaptures >= 1, "Availability:ShelfHeatmapCaptures must be at least 1.")
            .Validate(o => o.SweepIntervalSeconds >= 0, "Availability:SweepIntervalSeconds must be 0 (off) or more.")
            .ValidateOnStart();
        services.AddSingleton(sp => new CaptureMeasurer(sp.GetRequiredService<IOptions<AvailabilityOptions>>().Value));
        services.AddScoped<MissingSkuEvents>();
        services.AddScoped<CaptureAnalyzer>();
        services.AddSingleton<CaptureAnalysisSweep>();
        services.AddHostedService<CaptureAnalysisSweepService>();
        services.AddScoped<StoreAvailability>();
        services.AddScoped<ShelfGapHeatmap>();
        services.AddScoped<OutOfStockEventLog>();
        services.AddScoped<OutOfStockTotalsReader>();
        return services;
    }
}
