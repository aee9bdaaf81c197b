using Microsoft.Playwright;

namespace SignageKiosk.Tests.Support;

/// <summary>Choosing a place or a screen with the staff pages' picker (decision 0035), as a person does: type, click the match.</summary>
public static class PlacePickerSteps
{
    public static async Task ChoosePlaceAsync(this IPage page, string field, string words, string matchText)
    {
        var picker = page.Locator("#picker-" + field);
        await page.FillAsync($"#picker-{field}-q", words);
        await picker.Locator("button.picker-option", new() { HasText = matchText }).First.ClickAsync();
        await Assertions.Expect(picker.Locator("[data-picker-chosen]")).ToContainTextAsync(matchText);
    }
}
