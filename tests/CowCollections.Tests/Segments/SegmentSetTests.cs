using System.Buffers;
using System.Buffers.Binary;
using CowCollections.Internal;
using CowCollections.Internal.Champ;
using CowCollections.Segments;
using CowCollections.Segments.Internal;

namespace CowCollections.Tests.Segments;

/// <summary>
/// Sets in segment files: round trips (int, string, custom comparer, null, empty, large), lazy opening, incremental
/// commits, set algebra between a mapped set and its in-memory versions, the root kind, damage, binding, the checker
/// and compaction.
/// </summary>
public class SegmentSetTests
{
    internal static void DeepCheck<T>(PersistentHashSet<T> set) =>
        ChampChecker<T, ChampUnit, ChampDefaultGeometry>.Check(set.Root, set.Count, set.EngineComparer);

    private static bool Has<T>(PersistentHashSet<T> set, T item) => set.Contains(item);

    private static void AssertSame<T>(HashSet<T> expected, PersistentHashSet<T> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        foreach (var item in expected)
        {
            Assert.True(Has(actual, item), $"element {item} missing");
        }

        Assert.Equal(expected.Count, actual.Count(e => expected.Contains(e)));
    }

    [Fact]
    public void Int_string_empty_and_large_sets_round_trip()
    {
        using var dir = new TempDirectory();
        string path = dir.File("round.seg");
        var ints = PersistentHashSet.CreateRange(Enumerable.Range(-5_000, 12_000));
        var strings = PersistentHashSet.CreateRange(Enumerable.Range(0, 10_000).Select(i => $"s{i}é"));
        var ignoreCase = PersistentHashSet.Create(StringComparer.OrdinalIgnoreCase, "Alpha", "alpha", "Beta", "gamma");
        using (var file = SegmentFile.OpenWrite(path))
        {
            file.BeginCommit()
                .SetHashSet("ints", ints)
                .SetHashSet("strings", strings)
                .SetHashSet("case", ignoreCase)
                .SetHashSet("empty", PersistentHashSet<int>.Empty)
                .Commit();
        }

        using var reader = SegmentFile.OpenRead(path);
        var s = reader.Current;
        Assert.Equal(SegmentRootKind.Set, s.GetKind("ints"));
        var openedInts = s.GetHashSet<int>("ints");
        AssertSame(ints.ToHashSet(), openedInts);
        Assert.False(Has(openedInts, 7_000));
        DeepCheck(openedInts);

        var openedStrings = s.GetHashSet<string>("strings");
        AssertSame(strings.ToHashSet(), openedStrings);
        Assert.Same(SegmentCodecs.KeyComparer<string>(), openedStrings.KeyComparer);
        DeepCheck(openedStrings);

        // The comparer is not stored: as for dictionaries, a reopened set compares by encoding (ordinal for UTF-8).
        var openedCase = s.GetHashSet<string>("case");
        Assert.Equal(3, openedCase.Count);
        Assert.True(Has(openedCase, "Alpha"));
        Assert.False(Has(openedCase, "alpha"));
        Assert.True(openedCase.SetEquals(ignoreCase.WithComparer(StringComparer.Ordinal)));

        var empty = s.GetHashSet<int>("empty");
        Assert.True(empty.IsEmpty);
        Assert.True(s.TryGetHashSet("empty", SegmentCodecs.Int32, out var again));
        Assert.Same(empty, again);
        Assert.False(s.TryGetHashSet("absent", SegmentCodecs.Int32, out _));
        Assert.Throws<KeyNotFoundException>(() => s.GetHashSet<int>("absent"));

        Assert.Equal("'ints': set of 12000 elements, codec 'i32'", s.GetRootInfo("ints").ToString());
        Assert.Equal(12_000, s.EnumerateEncodedValues("ints").Count());
        Assert.Equal(ints.Count + strings.Count + 3, SegmentTestFiles.Verify(reader).ValuesChecked);
    }

    [Fact]
    public void A_null_element_round_trips_when_the_codec_encodes_null_and_is_refused_when_it_cannot()
    {
        using var dir = new TempDirectory();
        string path = dir.File("null.seg");
        var withNull = PersistentHashSet.CreateRange<string>([null!, "a", "b"]).Union(Enumerable.Range(0, 3000).Select(i => $"x{i}"));
        using (var file = SegmentFile.OpenWrite(path))
        {
            file.Commit("s", withNull);
            var opened = file.Current.GetHashSet<string>("s");
            Assert.True(Has(opened, null!));
            var without = opened.Remove(null!);
            file.Commit("t", without);
            file.Commit("u", without.Add(null!));

            var noNull = PersistentHashSet.Create(new Version(1, 2), null!);
            var e = Assert.Throws<ArgumentException>(() => file.BeginCommit().SetHashSet("v", noNull, new VersionCodec()));
            Assert.Equal("set", e.ParamName);
            Assert.Contains("'v'", e.Message);
            var lossy = Assert.Throws<ArgumentException>(() => file.Commit("v", noNull, new VersionCodec(nullAsZero: true)));
            Assert.Equal("set", lossy.ParamName);
            Assert.False(file.Current.Contains("v"));
            file.Commit("v", noNull.Remove(null!), new VersionCodec());
        }

        using var reader = SegmentFile.OpenRead(path);
        var s = reader.Current.GetHashSet<string>("s");
        Assert.Equal(withNull.Count, s.Count);
        Assert.True(Has(s, null!));
        Assert.True(s.SetEquals(withNull));
        DeepCheck(s);
        Assert.False(Has(reader.Current.GetHashSet<string>("t"), null!));
        Assert.True(Has(reader.Current.GetHashSet<string>("u"), null!));
        Assert.Equal([new Version(1, 2)], reader.Current.GetHashSet("v", new VersionCodec()));

        // The checker reads the set without its codec and still finds the null on its path.
        var report = SegmentTestFiles.Verify(reader);
        Assert.True(report.IsHealthy);
    }

    [Fact]
    public void Opening_is_lazy_and_a_lookup_decodes_only_its_path()
    {
        using var dir = new TempDirectory();
        string path = dir.File("lazy.seg");
        var set = PersistentHashSet.CreateRange(Enumerable.Range(0, 50_000));
        using (var file = SegmentFile.OpenWrite(path))
        {
            file.Commit("s", set);
        }

        using var reader = SegmentFile.OpenRead(path);
        var opened = reader.Current.GetHashSet<int>("s");
        Assert.Equal(50_000, opened.Count);
        Assert.True(opened.Root.IsPending, "opening must not decode the root's sub-nodes");
        Assert.True(Has(opened, 777));

        var children = opened.Root.Nodes;
        Assert.Equal(children.Length - 1, children.Count(c => c.IsShell));
        Assert.Equal(1, children.Count(c => c.IsDecoded));
        var child = children.Single(c => c.IsDecoded).Resolve();
        Assert.True(child.Nodes.Count(c => c.IsDecoded) <= 1);
        Assert.True(child.Nodes.Length > 1, "the child has siblings to leave undecoded");
        Assert.False(Has(opened, 50_000));

        // A walk of everything resolves every shell and reads equal to the original.
        Assert.True(opened.SetEquals(set));
        DeepCheck(opened);
    }

    [Fact]
    public void A_one_element_change_on_a_100K_set_appends_only_its_path()
    {
        using var dir = new TempDirectory();
        string path = dir.File("inc.seg");
        var set = PersistentHashSet.CreateRange(Enumerable.Range(0, 100_000));
        using var file = SegmentFile.OpenWrite(path);
        var full = file.Commit("s", set);

        // Four bytes an element, no value bytes, and the node structure (about 8 bytes an element in all, 796,096 bytes
        // when measured): less than the <int,int> dictionary of the same keys, whose bound is 8 to 14.
        Assert.InRange(full.BytesAppended, 100_000 * 4, 100_000 * 9);

        var opened = file.Current.GetHashSet<int>("s");
        var one = file.Commit("s", opened.Add(-1));
        Assert.InRange(one.BytesAppended, 1, 5 * 700);
        var removed = file.Commit("s", file.Current.GetHashSet<int>("s").Remove(5));
        Assert.InRange(removed.BytesAppended, 1, 5 * 700);

        // The in-memory version with the default comparer is converted once, then by its diff.
        for (int i = 0; i < 3; i++)
        {
            set = set.Remove(i * 11).Add(-100 - i);
            var next = file.Commit("default", set);
            if (i > 0)
            {
                Assert.InRange(next.BytesAppended, 1, 2 * 5 * 700);
            }
        }

        var again = file.Current.GetHashSet<int>("s");
        Assert.Equal(100_000, again.Count);
        Assert.True(Has(again, -1));
        Assert.False(Has(again, 5));
        DeepCheck(again);
        Assert.True(file.Current.GetHashSet<int>("default").SetEquals(set));

        // Committing the same value again appends only the root table.
        Assert.InRange(file.Commit("s", again).BytesAppended, 1, 200);
    }

    [Fact]
    public void Set_algebra_between_a_mapped_set_and_its_in_memory_versions_agrees_with_a_HashSet()
    {
        using var dir = new TempDirectory();
        string path = dir.File("algebra.seg");
        var random = new Random(2026);
        var start = Enumerable.Range(0, 20_000).Select(_ => random.Next(0, 60_000)).ToHashSet();
        using var file = SegmentFile.OpenWrite(path);
        file.Commit("s", PersistentHashSet.CreateRange(start));
        var mapped = file.Current.GetHashSet<int>("s");

        // A derived version (shares the mapped nodes) and an unrelated one.
        var removedItems = start.Take(300).ToArray();
        var added = Enumerable.Range(100_000, 250).ToArray();
        var derived = mapped.Except(removedItems).Union(added);
        var model = new HashSet<int>(start);
        model.ExceptWith(removedItems);
        model.UnionWith(added);
        AssertSame(model, derived);

        var union = mapped.Union(derived);
        var expectedUnion = new HashSet<int>(start);
        expectedUnion.UnionWith(model);
        AssertSame(expectedUnion, union);

        var except = mapped.Except(derived);
        var expectedExcept = new HashSet<int>(start);
        expectedExcept.ExceptWith(model);
        AssertSame(expectedExcept, except);
        Assert.True(except.SetEquals(removedItems));

        var other = PersistentHashSet.CreateRange(SegmentCodecs.KeyComparer<int>(), Enumerable.Range(0, 60_000).Where(i => i % 3 == 0));
        var expectedIntersect = new HashSet<int>(start);
        expectedIntersect.IntersectWith(other);
        AssertSame(expectedIntersect, mapped.Intersect(other));

        Assert.False(mapped.SetEquals(derived));
        Assert.True(mapped.SetEquals(derived.Except(added).Union(removedItems)));
        Assert.True(mapped.IsSupersetOf(except));

        // Committed and reopened, the derived version still agrees.
        file.Commit("s", derived);
        var reopened = file.Current.GetHashSet<int>("s");
        AssertSame(model, reopened);
        Assert.True(reopened.SetEquals(derived));
        DeepCheck(reopened);
    }

    [Fact]
    public void Opening_a_root_as_the_wrong_kind_raises_SegmentRootKindException()
    {
        using var dir = new TempDirectory();
        string path = dir.File("kind.seg");
        using var file = SegmentFile.OpenWrite(path);
        file.BeginCommit()
            .SetHashSet("set", PersistentHashSet.Create(1, 2, 3))
            .SetDictionary("dict", PersistentDictionary.CreateRange([KeyValuePair.Create(1, 1)]))
            .SetList("list", PersistentList.Create(1))
            .Commit();
        var s = file.Current;
        var asDictionary = Assert.Throws<SegmentRootKindException>(() => s.GetDictionary<int, int>("set"));
        Assert.Equal(SegmentRootKind.Dictionary, asDictionary.RequestedKind);
        Assert.Equal(SegmentRootKind.Set, asDictionary.ActualKind);
        var fromDictionary = Assert.Throws<SegmentRootKindException>(() => s.GetHashSet<int>("dict"));
        Assert.Equal(SegmentRootKind.Set, fromDictionary.RequestedKind);
        Assert.Equal(SegmentRootKind.Dictionary, fromDictionary.ActualKind);
        Assert.Throws<SegmentRootKindException>(() => s.TryGetHashSet("list", SegmentCodecs.Int32, out _));
        Assert.Throws<SegmentRootKindException>(() => s.GetList<int>("set"));
        Assert.Throws<SegmentRootKindException>(() => s.EnumerateEncodedEntries("set").Count());
        Assert.Throws<SegmentFormatException>(() => s.GetHashSet<long>("set"));
    }

    /// <summary>A small file: three commits of an int set "s".</summary>
    private static Dictionary<long, HashSet<int>> WriteSmallFile(string path)
    {
        var model = new Dictionary<long, HashSet<int>>();
        using var file = SegmentFile.OpenWrite(path);
        var set = PersistentHashSet.CreateRange(Enumerable.Range(0, 90));
        model[file.Commit("s", set).Number] = set.ToHashSet();
        set = set.Remove(3).Add(-3);
        model[file.Commit("s", set).Number] = set.ToHashSet();
        var (a, b) = SegmentDictionaryTests.CollidingInts[0];
        set = set.Add(a).Add(b);
        model[file.Commit("s", set).Number] = set.ToHashSet();
        return model;
    }

    private static SegmentException? TryReadAll(string path, Dictionary<long, HashSet<int>> model)
    {
        try
        {
            using var file = SegmentFile.OpenRead(path);
            foreach (var commit in file.GetCommits())
            {
                var set = file.OpenCommit(commit.Number).GetHashSet<int>("s");
                AssertSame(model[commit.Number], set);
                DeepCheck(set);
            }

            return null;
        }
        catch (SegmentException e)
        {
            Assert.False(string.IsNullOrEmpty(e.Reason));
            Assert.Equal(Path.GetFullPath(path), e.FilePath);
            return e;
        }
    }

    /// <summary>Patches one record's payload in place and rewrites its checksum and the commit's seal, so only the structure is wrong.</summary>
    private static void Patch(string path, RecordInfo record, Action<byte[]> mutate)
    {
        var bytes = File.ReadAllBytes(path);
        var payload = bytes.AsSpan((int)record.Offset + Format.RecordHeaderSize, record.PayloadLength).ToArray();
        mutate(payload);
        payload.CopyTo(bytes, (int)record.Offset + Format.RecordHeaderSize);
        int covered = Format.RecordHeaderSize + Format.Align(record.PayloadLength);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan((int)record.Offset + covered), Format.Checksum(bytes.AsSpan((int)record.Offset, covered)));
        SegmentTestFiles.Reseal(bytes);
        File.WriteAllBytes(path, bytes);
    }

    private static SegmentCorruptException ReadFails(string path)
    {
        using var file = SegmentFile.OpenRead(path);
        var e = Assert.Throws<SegmentCorruptException>(() =>
        {
            var set = file.Current.GetHashSet<int>("s");
            _ = set.Count();
            DeepCheck(set);
        });
        Assert.Equal(Path.GetFullPath(path), e.FilePath);
        Assert.False(string.IsNullOrEmpty(e.Reason));
        var report = file.Check();
        Assert.False(report.IsHealthy);
        return e;
    }

    [Fact]
    public void Every_byte_flipped_in_a_set_file_gives_a_typed_error_or_intact_versions()
    {
        using var dir = new TempDirectory();
        string path = dir.File("flip.seg");
        var model = WriteSmallFile(path);
        var original = File.ReadAllBytes(path);
        Assert.Null(TryReadAll(path, model));
        string copy = dir.File("copy.seg");
        int detected = 0;
        for (int at = (int)Format.DataStart; at < original.Length; at++)
        {
            var bytes = (byte[])original.Clone();
            bytes[at] ^= 0x5A;
            File.WriteAllBytes(copy, bytes);
            if (TryReadAll(copy, model) is not null)
            {
                detected++;
            }
        }

        Assert.True(detected > (original.Length - Format.DataStart) / 2, $"only {detected} of {original.Length - Format.DataStart} flips were detected");
    }

    [Fact]
    public void Malformed_set_records_with_valid_checksums_are_corrupt_at_their_offset()
    {
        using var dir = new TempDirectory();
        string path = dir.File("base.seg");
        using (var file = SegmentFile.OpenWrite(path))
        {
            file.Commit("s", PersistentHashSet.CreateRange(Enumerable.Range(0, 2000)));
        }

        var records = SegmentTestFiles.Records(path);
        var root = records.Single(r => r.Tag == RecordTag.SetRoot);
        var rootNode = records.Last(r => r.Tag == RecordTag.DictionaryNode);

        // Unknown flags in the set root.
        string flags = dir.File("flags.seg");
        File.Copy(path, flags);
        Patch(flags, root, p => p[7] = 0x80);
        var e = ReadFails(flags);
        Assert.Equal(root.Offset, e.Offset);
        Assert.Contains("flags", e.Reason);

        // A count the trie does not hold.
        string count = dir.File("count.seg");
        File.Copy(path, count);
        Patch(count, root, p => BinaryPrimitives.WriteInt32LittleEndian(p, 1999));
        e = ReadFails(count);
        Assert.Equal(rootNode.Offset, e.Offset);
        Assert.Contains("expects 1999", e.Reason);

        // A key block length that leaves bytes for a value block a set node does not have.
        string values = dir.File("values.seg");
        File.Copy(path, values);
        Patch(values, rootNode, p => BinaryPrimitives.WriteInt32LittleEndian(p.AsSpan(16), BinaryPrimitives.ReadInt32LittleEndian(p.AsSpan(16)) - 4));
        e = ReadFails(values);
        Assert.Equal(rootNode.Offset, e.Offset);
    }

    [Fact]
    public void A_set_root_over_nodes_with_value_bytes_is_corrupt_at_the_first_such_node()
    {
        // A dictionary root <int,int> rewritten in place as a set root: its nodes keep their 4-byte values, which a
        // set node must not have. Payload 24 + "i32" + "i32" = 30 bytes and 24 + "i32" = 27 both pad to 32, so the
        // record keeps its size and only its tag, length, fields and checksum change.
        using var dir = new TempDirectory();
        string path = dir.File("values.seg");
        using (var file = SegmentFile.OpenWrite(path))
        {
            file.Commit("s", PersistentDictionary.CreateRange(Enumerable.Range(0, 2000).Select(i => KeyValuePair.Create(i, i))));
        }

        var records = SegmentTestFiles.Records(path);
        var root = records.Single(r => r.Tag == RecordTag.DictionaryRoot);
        Assert.Equal(30, root.PayloadLength);
        var bytes = File.ReadAllBytes(path);
        int at = (int)root.Offset;
        var payload = bytes.AsSpan(at + Format.RecordHeaderSize, 32);
        bytes[at] = (byte)RecordTag.SetRoot;
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at + 4), 27);
        BinaryPrimitives.WriteUInt16LittleEndian(payload[6..], 0);
        BinaryPrimitives.WriteInt32LittleEndian(payload[20..], 0);
        payload[27..].Clear();
        int covered = Format.RecordHeaderSize + 32;
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(at + covered), Format.Checksum(bytes.AsSpan(at, covered)));
        SegmentTestFiles.Reseal(bytes);
        File.WriteAllBytes(path, bytes);

        using var reader = SegmentFile.OpenRead(path);
        Assert.Equal(SegmentRootKind.Set, reader.Current.GetKind("s"));
        var e = Assert.Throws<SegmentCorruptException>(() => reader.Current.GetHashSet<int>("s").ToList());
        Assert.Contains(records, r => r.Tag == RecordTag.DictionaryNode && r.Offset == e.Offset);
        Assert.Equal(Path.GetFullPath(path), e.FilePath);
        Assert.Contains("value block of a set node", e.Reason);
        Assert.False(reader.Check().IsHealthy);
    }

    [Fact]
    public void A_bound_set_commits_on_change_and_compaction_keeps_it_readable()
    {
        using var dir = new TempDirectory();
        string path = dir.File("bound.seg");
        var container = new CopyOnWriteSet<string>();
        for (int i = 0; i < 5000; i++)
        {
            container.Add($"e{i}");
        }

        using (var file = SegmentFile.OpenWrite(path))
        {
            using var binding = file.BindSet("regions", container);
            Assert.NotNull(binding.Commit());
            Assert.Null(binding.Commit());
            Assert.True(container.Remove("e1"));
            container.Add("new");
            var info = binding.Commit();
            Assert.NotNull(info);
            Assert.InRange(info.BytesAppended, 1, 2 * 4 * 900);
            container.Add("last");
        }

        using (var file = SegmentFile.OpenWrite(path))
        {
            Assert.True(file.Current.GetHashSet<string>("regions").SetEquals(container.Snapshot));
            file.Compact();
            SegmentTestFiles.Verify(file);
        }

        using var reader = SegmentFile.OpenRead(path);
        var opened = reader.Current.GetHashSet<string>("regions");
        Assert.Equal(container.Count, opened.Count);
        Assert.True(Has(opened, "last"));
        Assert.False(Has(opened, "e1"));
        Assert.True(opened.SetEquals(container.Snapshot));
        DeepCheck(opened);
    }

    [Fact]
    public void The_cow_tool_dumps_and_verifies_a_set()
    {
        using var dir = new TempDirectory();
        string path = dir.File("dump.seg");
        var set = PersistentHashSet.CreateRange(Enumerable.Range(0, 300).Select(i => $"name{i}"));
        using (var file = SegmentFile.OpenWrite(path))
        {
            file.Commit("s", set);
        }

        var (code, text, error) = SegmentTestFiles.RunCow("dump", path, "s");
        Assert.True(code == 0, error);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(300, lines.Length);
        Assert.True(set.SetEquals(lines.Select(l => System.Text.Json.JsonSerializer.Deserialize<string>(l)!)));

        (code, text, error) = SegmentTestFiles.RunCow("verify", path);
        Assert.True(code == 0, error);
        Assert.Contains("set of 300 elements, codec 'utf8'", text);
    }

    [Fact]
    public void Bad_arguments_are_rejected_with_their_parameter_names()
    {
        using var dir = new TempDirectory();
        using var file = SegmentFile.OpenWrite(dir.File("args.seg"));
        Assert.Equal("set", Assert.Throws<ArgumentNullException>(() => file.BeginCommit().SetHashSet<int>("s", null!)).ParamName);
        Assert.Equal("codec", Assert.Throws<ArgumentNullException>(() => file.BeginCommit().SetHashSet("s", PersistentHashSet<int>.Empty, null!)).ParamName);
        Assert.Equal("name", Assert.Throws<ArgumentException>(() => file.BeginCommit().SetHashSet("", PersistentHashSet<int>.Empty)).ParamName);
        Assert.Equal("container", Assert.Throws<ArgumentNullException>(() => file.BindSet<int>("s", null!)).ParamName);
    }

    /// <summary>A reference-type codec that cannot encode null (it throws), or, with <c>nullAsZero</c>, writes null as 0.0 (which reads back as a Version).</summary>
    private sealed class VersionCodec(bool nullAsZero = false) : ISegmentCodec<Version>
    {
        public string Id => "test.version";

        public int FixedSize => 0;

        public void Encode(Version value, IBufferWriter<byte> destination)
        {
            value ??= nullAsZero ? new Version(0, 0) : throw new ArgumentNullException(nameof(value));
            int written = System.Text.Encoding.UTF8.GetBytes(value.ToString(), destination.GetSpan(64));
            destination.Advance(written);
        }

        public Version Decode(ReadOnlySpan<byte> source) => Version.Parse(System.Text.Encoding.UTF8.GetString(source));
    }
}
