using ShelfCloud.Domain.Tenancy;

namespace ShelfCloud.Domain.Recognition;

/// <summary>Rejects realgram settings the formulas cannot use, so a bad tenant setting fails loudly.</summary>
internal static class RealgramSettingsGuard
{
    public static void Validate(RealgramSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfNegative(settings.WindowDays, nameof(settings.WindowDays));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(settings.HalfLifeHours, nameof(settings.HalfLifeHours));
        ArgumentOutOfRangeException.ThrowIfNegative(settings.Weight, nameof(settings.Weight));
    }
}
