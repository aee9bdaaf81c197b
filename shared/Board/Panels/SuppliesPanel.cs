namespace SignageKiosk.Shared.Board.Panels;

/// <summary>应急物资: by category, what there is, how many, where it is kept and who holds the key.</summary>
internal static class SuppliesPanel
{
    public const string Id = "supplies";

    public static void Render(HtmlWriter html, BoardView view, BoardText text)
    {
        PanelFrame.Open(html, text, Id, text.Supplies);
        PanelFrame.OpenPaged(html, "supplies", "supply-list");
        foreach (var category in view.Supplies.GroupBy(s => s.Category))
        {
            html.Element("h3", "supply-category", category.Key);
            foreach (var supply in category)
            {
                html.Open("div", "supply", ("data-supply-id", supply.Id));
                html.Element("strong", "item", supply.Item);
                html.Element("span", "quantity", supply.Quantity.ToString(System.Globalization.CultureInfo.InvariantCulture) + (supply.Unit ?? ""));
                if (!string.IsNullOrEmpty(supply.Location))
                {
                    html.Element("span", "location", text.Location + "：" + supply.Location);
                }
                if (!string.IsNullOrEmpty(supply.KeyHolder))
                {
                    html.Open("span", "key-holder");
                    html.Text(text.KeyHolder + "：" + supply.KeyHolder);
                    if (!string.IsNullOrEmpty(supply.KeyHolderPhone))
                    {
                        html.Text(" ");
                        html.Button("number dial", "dial", supply.KeyHolderPhone, ("data-number", supply.KeyHolderPhone), ("data-label", supply.KeyHolder));
                    }
                    html.Close("span");
                }
                html.Close("div");
            }
        }
        PanelFrame.ClosePaged(html, text, "supplies");
        PanelFrame.Close(html);
    }
}
