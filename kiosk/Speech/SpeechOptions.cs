namespace SignageKiosk.Kiosk.Speech;

public sealed class SpeechOptions
{
    public const string Section = "Speech";

    /// <summary>The espeak-ng executable: a name looked up on PATH, or a full path.</summary>
    public string EspeakPath { get; set; } = "espeak-ng";

    /// <summary>
    /// The espeak-ng voice. Not plain "cmn": in espeak-ng 1.51 (Debian 12) that voice reads most characters as
    /// pinyin with the tone number spoken in English ("社区" comes out as "she four qu one"; espeak-ng issues
    /// #1028, #1370). "cmn-latn-pinyin" speaks the same characters in Mandarin with their tones.
    /// </summary>
    public string Voice { get; set; } = "cmn-latn-pinyin";

    /// <summary>The longest text read in one request (UTF-16 code units; one per common Chinese character).</summary>
    public int MaxCharacters { get; set; } = 4000;

    /// <summary>How long one synthesis may take, waiting for a turn included; the process is killed after that.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
