using CowCollections.Internal;
using CowCollections.Internal.ChunkedArray;
using CowCollections.Internal.VectorTrie;

namespace CowCollections.Tests.Arrays;

public class ChunkDirectoryTests
{
    [Theory]
    [InlineData(1_100, 37)]
    [InlineData(40, 3_000)]
    [InlineData(5_000, 5_000)]
    public void Inlined_read_path_agrees_with_the_engine_on_relaxed_concatenated_directories(int left, int right)
    {
        bool relaxed = Check<DefaultGeometry>(left, right);
        relaxed |= Check<TinyGeometry>(left, right);
        Assert.True(relaxed, "the concatenation should leave a relaxed node in at least one geometry");
    }

    private static bool Check<G>(int left, int right)
        where G : struct, ITrieGeometry
    {
        var chunks = Enumerable.Range(0, left + right).Select(i => new[] { i }).ToArray();
        var core = ListCore<int[], G>.From(chunks.AsSpan(0, left));
        core.Concat(ListCore<int[], G>.From(chunks.AsSpan(left)));
        TrieChecker<int[], G>.Check(core);
        Assert.True(core.Root is not null);
        for (int c = 0; c < core.TreeCount; c++)
        {
            Assert.Same(core.ItemRef(c), ChunkDirectory<int, G>.ChunkAt(core.Root!, core.Shift, c));
        }

        return HasSizeTable<G>(core.Root!, core.Shift);
    }

    private static bool HasSizeTable<G>(Branch b, int shift)
        where G : struct, ITrieGeometry =>
        b.Sizes is not null || (shift > G.Bits && b.Children.OfType<Branch>().Any(c => HasSizeTable<G>(c, shift - G.Bits)));
}
