using MudBlazor;

namespace ShelfCloud.Web.Components.Shared;

internal static class DialogConfirmations
{
    /// <summary>Asks before anything destructive; true only when the user clicks the confirm button.</summary>
    public static async Task<bool> ConfirmAsync(this IDialogService dialogs, string title, string message, string confirmText) =>
        await dialogs.ShowMessageBoxAsync(title, message, yesText: confirmText, cancelText: "Cancel") == true;
}
