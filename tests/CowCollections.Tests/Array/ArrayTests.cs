using System.Collections.Immutable;
using CowCollections.Internal;
using CowCollections.Internal.ChunkedArray;

namespace CowCollections.Tests.Arrays;

public class ArrayTests
{
    [Fact]
    public void Chunk_size_follows_the_element_size()
    {
        Assert.Equal(1024, PersistentArray<byte>.ChunkSize);
        Assert.Equal(256, PersistentArray<int>.ChunkSize);
        Assert.Equal(128, PersistentArray<string>.ChunkSize);
        Assert.Equal(16, PersistentArray<Big64>.ChunkSize);
        Assert.Equal(8, PersistentArray<(Big64, Big64, Big64)>.ChunkSize);
    }

    [Fact]
    public void Collection_expression_builds_an_array()
    {
        PersistentArray<int> xs = [1, 2, 3];
        Assert.Equal([1, 2, 3], xs.ToArray());
        Assert.Equal([1, 2, 3], xs.AsSpan().ToArray());
    }

    [Fact]
    public void Negative_length_throws_ArgumentOutOfRangeException()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PersistentArray.Create<int>(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => PersistentArray.Create(-1, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => PersistentArray.CreateBuilder<int>(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CopyOnWriteArray<int>(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => PersistentArray.Create<int>(3).Resize(-1));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(10_000)]
    public void Every_indexed_member_rejects_an_index_out_of_range(int length)
    {
        var a = PersistentArray.Create<int>(length);
        var b = a.ToBuilder();
        var c = new CopyOnWriteArray<int>(length);
        foreach (int bad in new[] { -1, length, int.MaxValue })
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => a[bad]);
            Assert.Throws<ArgumentOutOfRangeException>(() => a.ItemRef(bad));
            Assert.Throws<ArgumentOutOfRangeException>(() => a.SetItem(bad, 1));
            Assert.Throws<ArgumentOutOfRangeException>(() => a.SetItems([new KeyValuePair<int, int>(bad, 1)]));
            Assert.Throws<ArgumentOutOfRangeException>(() => b[bad]);
            Assert.Throws<ArgumentOutOfRangeException>(() => b[bad] = 1);
            Assert.Throws<ArgumentOutOfRangeException>(() => c[bad]);
            Assert.Throws<ArgumentOutOfRangeException>(() => c[bad] = 1);
            Assert.Throws<ArgumentOutOfRangeException>(() => c.CompareExchange(bad, 1, 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => c.Exchange(bad, 1));
            Assert.Throws<ArgumentOutOfRangeException>(() => c.SetItems([new KeyValuePair<int, int>(bad, 1)]));
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => a.GetChunk(a.ChunkCount));
        Assert.Throws<ArgumentOutOfRangeException>(() => a.Fill(1, 0, length + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => a.SetRange(length, [1]));
        Assert.Equal(0, c.Version);
    }

    [Fact]
    public void A_failed_batch_changes_nothing()
    {
        var a = PersistentArray.Create<int>(1000);
        var c = new CopyOnWriteArray<int>(a);
        var pairs = new[] { new KeyValuePair<int, int>(3, 1), new KeyValuePair<int, int>(1000, 2) };
        Assert.Throws<ArgumentOutOfRangeException>(() => a.SetItems(pairs));
        Assert.Throws<ArgumentOutOfRangeException>(() => c.SetItems(pairs));
        Assert.Equal(0, a[3]);
        Assert.Same(a, c.Snapshot);
        Assert.Equal(0, c.Version);
    }

    [Fact]
    public void AsSpan_of_a_multi_chunk_array_throws_InvalidOperationException()
    {
        var a = PersistentArray.Create<int>(257);
        Assert.False(a.TryGetSpan(out _));
        Assert.Throws<InvalidOperationException>(() => a.AsSpan());
        Assert.Equal(256, PersistentArray.Create<int>(256).AsSpan().Length);
        Assert.True(PersistentArray<int>.Empty.AsSpan().IsEmpty);
    }

    [Fact]
    public void SetItem_at_1M_allocates_one_chunk_plus_its_path()
    {
        var a = PersistentArray.Create<int>(Enumerable.Range(0, 1_000_000).ToArray());
        a.SetItem(10, 1);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var b = a.SetItem(500_000, -1);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // One 256-int chunk (1 KiB + header), one 128-chunk directory leaf (1 KiB + header), the directory's root node
        // (the directory of 1M ints is one level-1 node of leaves) and the new array object.
        Assert.InRange(allocated, 2048, (2 * (1024 + 24)) + (32 + 24 + (8 * 32) + 24) + 128);
        Assert.Equal(-1, b[500_000]);
        Assert.Equal(500_000, a[500_000]);
        int shared = 0;
        for (int c = 0; c < a.ChunkCount; c++)
        {
            if (a.GetChunk(c) == b.GetChunk(c))
            {
                shared++;
            }
        }

        Assert.Equal(a.ChunkCount - 1, shared);
    }

    [Fact]
    public void Create_with_a_length_shares_one_zero_chunk()
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var a = PersistentArray.Create<int>(1_000_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 100_000, $"allocated {allocated} bytes");
        Assert.True(a.GetChunk(0) == a.GetChunk(100));
        var b = a.SetItem(0, 5);
        Assert.Equal(5, b[0]);
        Assert.Equal(0, a[0]);
        Assert.Equal(0, b[256]);
        ChunkChecker<int, ArrayDirectoryGeometry>.Check(b.Core);
    }

    [Fact]
    public void Resize_shares_every_whole_chunk_it_keeps()
    {
        var a = PersistentArray.Create<int>(Enumerable.Range(0, 100_000).ToArray());
        var shorter = a.Resize(50_000);
        var longer = a.Resize(200_000);
        ChunkChecker<int, ArrayDirectoryGeometry>.Check(shorter.Core);
        ChunkChecker<int, ArrayDirectoryGeometry>.Check(longer.Core);
        for (int c = 0; c < 50_000 / 256; c++)
        {
            Assert.True(a.GetChunk(c) == shorter.GetChunk(c), $"chunk {c} copied by a shrink");
        }

        for (int c = 0; c < 100_000 / 256; c++)
        {
            Assert.True(a.GetChunk(c) == longer.GetChunk(c), $"chunk {c} copied by a growth");
        }

        Assert.Equal(99_999, longer[99_999]);
        Assert.Equal(0, longer[100_000]);
        Assert.Equal(0, longer[199_999]);
        Assert.Equal(49_999, shorter[^1]);
    }

    [Fact]
    public void Builder_writes_in_place_after_the_first_copy_and_ToImmutable_is_constant_time()
    {
        var a = PersistentArray.Create<int>(Enumerable.Range(0, 10_000).ToArray());
        var builder = a.ToBuilder();
        Assert.Same(a, builder.ToImmutable());
        builder[5000] = -1;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 4864; i < 5120; i++)
        {
            builder[i] = -i;
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        before = GC.GetAllocatedBytesForCurrentThread();
        var published = builder.ToImmutable();
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1024, "ToImmutable copied more than the chunk directory's tail");
        builder[4864] = 7;
        Assert.Equal(-4864, published[4864]);
        Assert.Equal(4864, a[4864]);
        Assert.Equal(7, builder[4864]);
        ChunkChecker<int, ArrayDirectoryGeometry>.Check(published.Core);
        ChunkChecker<int, ArrayDirectoryGeometry>.Check(builder.Core);
    }

    [Fact]
    public void Builder_enumeration_throws_after_a_write()
    {
        var builder = PersistentArray.CreateBuilder<int>(10);
        var e = builder.GetEnumerator();
        Assert.True(e.MoveNext());
        builder[3] = 1;
        Assert.Throws<InvalidOperationException>(() => e.MoveNext());
    }

    [Fact]
    public void Fill_shares_one_filled_chunk()
    {
        var a = PersistentArray.Create<int>(10_000).Fill(7);
        Assert.All(a, x => Assert.Equal(7, x));
        Assert.True(a.GetChunk(0) == a.GetChunk(30));
        var part = a.Fill(1, 100, 1000);
        Assert.Equal(7, part[99]);
        Assert.Equal(1, part[100]);
        Assert.Equal(1, part[1099]);
        Assert.Equal(7, part[1100]);
        ChunkChecker<int, ArrayDirectoryGeometry>.Check(part.Core);
    }

    [Fact]
    public void Immutable_list_members_change_the_length_and_keep_the_original()
    {
        PersistentArray<int> a = [1, 2, 3];
        IImmutableList<int> list = a;
        Assert.Equal([1, 2, 3, 4], list.Add(4));
        Assert.Equal([1, 9, 2, 3], list.Insert(1, 9));
        Assert.Equal([1, 3], list.RemoveAt(1));
        Assert.Equal([1, 3], list.Remove(2));
        Assert.Equal([2], list.RemoveAll(x => x != 2));
        Assert.Equal([3], list.RemoveRange(0, 2));
        Assert.Equal([1, 5, 3], list.Replace(2, 5));
        Assert.Equal([1, 2, 3, 4, 5], list.AddRange([4, 5]));
        Assert.Equal([1, 2, 3], a.ToArray());
        Assert.Empty(list.Clear());
        Assert.Equal(1, list.IndexOf(2, 0, 3, null));
    }

    [Fact]
    public void Container_update_must_keep_the_length()
    {
        var c = new CopyOnWriteArray<int>(10);
        Assert.Throws<InvalidOperationException>(() => c.Update(a => a.Resize(11)));
        Assert.True(c.Update(a => a.SetItem(1, 1)));
        Assert.False(c.Update(a => a));
        Assert.Equal(1, c.Version);
        Assert.Throws<NotSupportedException>(() => ((ICollection<int>)c).Add(1));
    }

    [Fact]
    public void CompareExchange_and_Exchange_return_the_previous_value_and_publish_one_version_each()
    {
        var c = new CopyOnWriteArray<string>(["a", "b"], StringComparer.OrdinalIgnoreCase);
        Assert.Equal("a", c.CompareExchange(0, "x", "A"));
        Assert.Equal("x", c[0]);
        Assert.Equal(1, c.Version);
        Assert.Equal("x", c.CompareExchange(0, "y", "a"));
        Assert.Equal("x", c[0]);
        Assert.Equal(1, c.Version);
        Assert.Equal("b", c.Exchange(1, "z"));
        Assert.Equal("z", c[1]);
        Assert.Equal(2, c.Version);
        var snapshot = c.Snapshot;
        c.SetItems([new(0, "p"), new(1, "q")]);
        Assert.Equal(3, c.Version);
        Assert.Equal(["x", "z"], snapshot.ToArray());
        Assert.Equal(["p", "q"], c.ToArray());
    }

    [Fact]
    public void Readme_array_example_runs()
    {
        var zeros = PersistentArray.Create<int>(1_000_000);
        var a = zeros.SetItem(42, 7);
        var b = a.SetItems([new(1, 1), new(999_999, 9)]);
        long total = 0;
        foreach (ReadOnlySpan<int> chunk in b.Chunks)
        {
            foreach (var x in chunk)
            {
                total += x;
            }
        }

        var counters = new CopyOnWriteArray<long>(16);
        long seen;
        do
        {
            seen = counters[3];
        }
        while (counters.CompareExchange(3, seen + 1, seen) != seen);
        long previous = counters.Exchange(0, 100);

        Assert.Equal(17, total);
        Assert.Equal(0, zeros[42]);
        Assert.Equal(1, counters[3]);
        Assert.Equal(0, previous);
        Assert.Equal(100, counters[0]);
    }
}
