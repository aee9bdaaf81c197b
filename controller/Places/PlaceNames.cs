using SignageKiosk.Shared.Places;

namespace SignageKiosk.Controller.Places;

/// <summary>A place kind in the words of an API refusal's zh-CN detail (the staff pages say the same through UiText).</summary>
public static class PlaceNames
{
    public static string Chinese(PlaceKind kind) => kind switch
    {
        PlaceKind.City => "市",
        PlaceKind.District => "区",
        PlaceKind.Street => "街道",
        PlaceKind.Community => "社区",
        PlaceKind.Compound => "小区",
        PlaceKind.Building => "楼栋",
        PlaceKind.Unit => "单元",
        _ => kind.ToString(),
    };

    /// <summary>A kind as stored (its enum name); an unknown one is shown as it is.</summary>
    public static string Chinese(string kind) => Enum.TryParse<PlaceKind>(kind, ignoreCase: true, out var known) ? Chinese(known) : kind;
}
