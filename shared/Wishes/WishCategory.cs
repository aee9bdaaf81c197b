namespace SignageKiosk.Shared.Wishes;

/// <summary>What kind of help a wish asks for; <see cref="WishRules.CategoryName"/> gives the Chinese label.</summary>
public enum WishCategory
{
    Other,
    /// <summary>代购 (weekly groceries for an elderly resident)</summary>
    Groceries,
    /// <summary>辅导 (tutoring for a child)</summary>
    Tutoring,
    /// <summary>陪伴 (visits, a walk, a chat)</summary>
    Companionship,
    /// <summary>维修 (a small repair at home)</summary>
    Repair,
}
