namespace SignageKiosk.Shared.Content;

/// <summary>What is wrong with one field, in English (the API) and in Chinese (the staff pages).</summary>
public sealed record ValidationError(string Field, string Message, string? Chinese = null)
{
    public string ChineseOrMessage => Chinese ?? Message;
}
