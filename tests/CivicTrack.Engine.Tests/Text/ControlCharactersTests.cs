using CivicTrack.Engine.Text;

namespace CivicTrack.Engine.Tests.Text;

public sealed class ControlCharactersTests
{
    // Built in code: an attribute's strings are stored as UTF-8, which cannot hold a lone surrogate.
    [Fact]
    public void A_lone_surrogate_is_found_and_a_pair_is_not()
    {
        foreach (var text in new[] { "Xã Thượng Tân", "গ্রাম ১", "emoji \U0001F600 pair", "", null })
            Assert.False(ControlCharacters.LoneSurrogate(text), text);
        foreach (var text in new[] { "08" + '\uD800', '\uDC00' + "x", "x" + '\uD83D', new string(['\uDE00', '\uD83D']) })
            Assert.True(ControlCharacters.LoneSurrogate(text), string.Join(" ", text.Select(c => ((int)c).ToString("X4"))));
    }
}
