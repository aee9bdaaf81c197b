using System.Text.RegularExpressions;
using SignageKiosk.Shared.Content;

namespace SignageKiosk.Shared.Import;

/// <summary>ContentValidator's findings said in Chinese, against the column staff typed the value into.</summary>
public static partial class ValidatorMessages
{
    [GeneratedRegex(@"longer than (\d+) characters")]
    private static partial Regex TooLong();

    public static string Describe(int row, string? column, ValidationError error)
    {
        var reason = Reason(error);
        return column is null ? $"第{row}行：{reason}" : $"第{row}行：{column}{reason}";
    }

    private static string Reason(ValidationError error)
    {
        var message = error.Message;
        if (message.EndsWith("is required", StringComparison.Ordinal))
        {
            return "不能为空";
        }
        if (TooLong().Match(message) is { Success: true } tooLong)
        {
            return $"超过{tooLong.Groups[1].Value}个字";
        }
        if (message.Contains("must be a phone number", StringComparison.Ordinal))
        {
            return "不是有效的电话号码（只能有数字、+、-、括号和空格，3到32位）";
        }
        return error.Field switch
        {
            "households" => "须在0到10000之间",
            "end" when message.Contains("7 days", StringComparison.Ordinal) => "离开始超过7天，一个班次不能这么长",
            "end" => "须晚于开始（跨夜值班请写“次日08:00”）",
            "id" => "只能由字母、数字、“.”“_”“-”组成，以字母或数字开头，最多64个字符",
            _ => "：" + message,
        };
    }
}
