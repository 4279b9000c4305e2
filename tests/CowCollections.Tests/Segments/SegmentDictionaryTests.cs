using CowCollections.Internal;
using System.Globalization;
using System.IO.Hashing;
using CowCollections.Internal.Champ;
using CowCollections.Segments;
using CowCollections.Segments.Internal;
using CowCollections.Tests.Support;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace CowCollections.Tests.Segments;

/// <summary>
/// Dictionaries in segment files: model-based round trips over many versions (with keys whose format hashes
/// collide, to reach collision nodes on disk), incremental commits whatever the key comparer, lazy opening,
/// time travel, compaction, binding, other processes.
/// </summary>
public class SegmentDictionaryTests(ITestOutputHelper output)
{
    /// <summary>Int keys whose format hashes (XxHash3 of the 4 bytes, low 32 bits) are equal: found by a birthday search.</summary>
    internal static readonly (int A, int B)[] CollidingInts = FindCollisions(3);

    internal static uint FormatHash(int key) => (uint)XxHash3.HashToUInt64(BitConverter.GetBytes(key));

    private static (int, int)[] FindCollisions(int wanted)
    {
        var seen = new Dictionary<uint, int>();
        var found = new List<(int, int)>();
        for (int i = 0; found.Count < wanted; i++)
        {
            uint h = FormatHash(i);
            if (seen.TryGetValue(h, out int other))
            {
                found.Add((other, i));
            }
            else
            {
                seen[h] = i;
            }
        }

        return [.. found];
    }

    [Fact]
    public void The_colliding_keys_really_collide_on_disk_and_land_in_a_collision_node()
    {
        foreach (var (a, b) in CollidingInts)
        {
            Assert.NotEqual(a, b);
            Assert.Equal(FormatHash(a), FormatHash(b));
        }

        using var dir = new TempDirectory();
        string path = dir.File("c.seg");
        var d = PersistentDictionary.CreateRange(CollidingInts.SelectMany(p => new[] { p.A, p.B }).Select(k => KeyValuePair.Create(k, k * 2)));
        using (var file = SegmentFile.OpenWrite(path))
        {
            file.Commit("d", d);
        }

        using var reader = SegmentFile.OpenRead(path);
        var opened = reader.Current.GetDictionary<int, int>("d");
        Assert.True(opened.DictionaryEquals(d.WithComparers(opened.KeyComparer)));
        DeepCheck(opened);
        var (_, collisionNodes, depth) = ChampChecker<int, int, ChampDefaultGeometry>.Shape(opened.Root);
        Assert.Equal(CollidingInts.Length, collisionNodes);
        Assert.Equal(TrieShapes.CollisionDepth, depth);
    }

    [Fact]
    public void Random_dictionary_versions_committed_and_reopened_equal_the_model() =>
        SeededProperty.Check(output, Gen.Choose(0, int.MaxValue), Run, 25);

    [Fact]
    public void Replay_seed_4242() => Run(4242);

    /// <summary>One scenario: random operations, some versions committed, the file reopened in a reader and every retained commit compared.</summary>
    internal static void Run(int seed)
    {
        var random = new Random(seed);
        using var dir = new TempDirectory();
        string path = dir.File("dict.seg");
        var committed = new Dictionary<long, Dictionary<int, string>>();
        var reference = new Dictionary<int, string>();
        var d = PersistentDictionary<int, string>.Empty;
        using (var file = SegmentFile.OpenWrite(path))
        {
            int steps = random.Next(20, 100);
            for (int step = 0; step < steps; step++)
            {
                Apply(random, ref d, reference);
                Assert.Equal(reference.Count, d.Count);
                if (random.Next(3) == 0)
                {
                    long before = file.Current.Commit.CommittedLength;
                    var info = file.Commit("d", d);
                    Assert.Equal(before + info.BytesAppended, info.CommittedLength);
                    committed[info.Number] = new Dictionary<int, string>(reference);

                    if (reference.Count > 0 && random.Next(2) == 0)
                    {
                        // A one-key change right after a commit appends one path: at most one node per level
                        // (header 32 + 12 per child + 4 + up to 32 short strings each), the root and the root table.
                        int key = reference.Keys.ElementAt(random.Next(reference.Count));
                        d = d.SetItem(key, "changed");
                        reference[key] = "changed";
                        var one = file.Commit("d", d);
                        Assert.InRange(one.BytesAppended, 1, (8 * (32 + (12 * 32) + (32 * 16) + 16)) + 400);
                        committed[one.Number] = new Dictionary<int, string>(reference);
                    }
                }

                if (random.Next(8) == 0 && committed.Count > 0)
                {
                    // Continue from the last committed version, read lazily from the map.
                    d = file.Current.GetDictionary<int, string>("d");
                    reference = new Dictionary<int, string>(committed[file.Current.Commit.Number]);
                    AssertSame(reference, d);
                }
            }
        }

        using var reader = SegmentFile.OpenRead(path);
        Assert.Equal(committed.Count == 0 ? 0 : committed.Keys.Max(), reader.Current.Commit.Number);
        foreach (var commit in reader.GetCommits())
        {
            var opened = reader.OpenCommit(commit.Number).GetDictionary<int, string>("d");
            AssertSame(committed[commit.Number], opened);
            DeepCheck(opened);
        }
    }

    private static void Apply(Random random, ref PersistentDictionary<int, string> d, Dictionary<int, string> reference)
    {
        // Keys from a small range (so removes and overwrites hit) plus the colliding keys.
        int Key() => random.Next(6) == 0
            ? (random.Next(2) == 0 ? CollidingInts[random.Next(CollidingInts.Length)].A : CollidingInts[random.Next(CollidingInts.Length)].B)
            : random.Next(random.Next(2) == 0 ? 50 : 5000);
        switch (random.Next(6))
        {
            case 0:
            case 1:
                int k = Key();
                string v = random.Next(100).ToString(CultureInfo.InvariantCulture);
                d = d.SetItem(k, v);
                reference[k] = v;
                break;
            case 2:
                int r = Key();
                d = d.Remove(r);
                reference.Remove(r);
                break;
            case 3:
                var batch = Enumerable.Range(0, random.Next(1, 400)).Select(_ => KeyValuePair.Create(Key(), "b")).ToArray();
                d = d.SetItems(batch);
                foreach (var (key, value) in batch)
                {
                    reference[key] = value;
                }

                break;
            case 4:
                var gone = reference.Keys.Where(_ => random.Next(3) == 0).ToArray();
                d = d.RemoveRange(gone);
                foreach (int key in gone)
                {
                    reference.Remove(key);
                }

                break;
            case 5 when random.Next(10) == 0:
                d = d.Clear();
                reference.Clear();
                break;
        }
    }

    internal static void AssertSame<TKey, TValue>(Dictionary<TKey, TValue> expected, PersistentDictionary<TKey, TValue> actual)
        where TKey : notnull
    {
        Assert.Equal(expected.Count, actual.Count);
        foreach (var (key, value) in expected)
        {
            Assert.True(actual.TryGetValue(key, out var found), $"key {key} missing");
            Assert.Equal(value, found);
        }

        Assert.Equal(expected.Count, actual.Count());
    }

    internal static void DeepCheck<TKey, TValue>(PersistentDictionary<TKey, TValue> d)
        where TKey : notnull => ChampChecker<TKey, TValue, ChampDefaultGeometry>.Check(d.Root, d.Count, d.EngineComparer);

    [Fact]
    public void Opening_is_lazy_and_reads_decode_only_the_paths_they_touch()
    {
        using var dir = new TempDirectory();
        string path = dir.File("lazy.seg");
        var d = PersistentDictionary.CreateRange(Enumerable.Range(0, 50_000).Select(i => KeyValuePair.Create(i, -i)));
        using (var file = SegmentFile.OpenWrite(path))
        {
            file.Commit("d", d);
        }

        using var reader = SegmentFile.OpenRead(path);
        var opened = reader.Current.GetDictionary<int, int>("d");
        Assert.Equal(50_000, opened.Count);
        Assert.True(opened.Root.IsPending, "opening must not decode the root's sub-nodes");
        Assert.Equal(-777, opened[777]);

        // The lookup read one record per level: the root's children are shells but one, decoded and swapped into its
        // slot (the next lookup skips the shell), and below it again exactly one decoded child (50,000 keys: the path is
        // root, one child, one grandchild, maybe one more).
        var children = opened.Root.Nodes;
        Assert.Equal(children.Length - 1, children.Count(c => c.IsShell));
        Assert.Equal(1, children.Count(c => c.IsDecoded));
        var child = children.Single(c => c.IsDecoded).Resolve();
        Assert.True(child.Nodes.Count(c => c.IsDecoded) <= 1);
        Assert.True(child.Nodes.Length > 1, "the child has siblings to leave undecoded");
        Assert.Equal(-49_999, opened[49_999]);
        Assert.Equal(2, children.Count(c => c.IsDecoded));
        Assert.False(opened.ContainsKey(50_000));

        // Diff against a one-key change skips the shells both versions share: it reads only the changed path.
        int decoded = children.Count(c => c.IsDecoded);
        var changed = opened.SetItem(1_000, 1);
        Assert.Single(opened.Diff(changed));
        Assert.Equal(decoded + 1, children.Count(c => c.IsDecoded));

        // A walk of everything resolves every shell and reads equal to the original.
        Assert.True(opened.DictionaryEquals(d));
        ChampChecker<int, int, ChampDefaultGeometry>.Check(opened.Root, opened.Count, opened.KeyComparer);
    }

    [Fact]
    public void Threads_racing_to_resolve_the_same_shells_all_read_correct_values()
    {
        using var dir = new TempDirectory();
        string path = dir.File("race.seg");
        using (var file = SegmentFile.OpenWrite(path))
        {
            file.Commit("d", PersistentDictionary.CreateRange(Enumerable.Range(0, 40_000).Select(i => KeyValuePair.Create(i, i * 3))));
        }

        for (int round = 0; round < 20; round++)
        {
            using var reader = SegmentFile.OpenRead(path);
            var opened = reader.Current.GetDictionary<int, int>("d");
            int wrong = 0;
            using var start = new Barrier(4);
            var threads = Enumerable.Range(0, 4).Select(t => new Thread(() =>
            {
                var random = new Random(round * 4 + t);
                start.SignalAndWait();
                for (int i = 0; i < 2_000; i++)
                {
                    int key = random.Next(-100, 40_100);
                    bool found = opened.TryGetValue(key, out int value);
                    if (found != (key >= 0 && key < 40_000) || (found && value != key * 3))
                    {
                        Interlocked.Increment(ref wrong);
                    }
                }
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
            Assert.Equal(0, wrong);
            Assert.Equal(40_000, opened.Count(kv => kv.Value == kv.Key * 3));
        }
    }

    [Fact]
    public void An_opened_dictionary_is_an_ordinary_value_and_its_changes_commit_incrementally()
    {
        using var dir = new TempDirectory();
        string path = dir.File("inc.seg");
        var d = PersistentDictionary.CreateRange(Enumerable.Range(0, 100_000).Select(i => KeyValuePair.Create(i, i)));
        using var file = SegmentFile.OpenWrite(path);
        var full = file.Commit("d", d);
        Assert.InRange(full.BytesAppended, 100_000 * 8, 100_000 * 14);

        var opened = file.Current.GetDictionary<int, int>("d");
        var changed = opened.SetItem(5, 55).Remove(6).Add(-1, 1);
        var one = file.Commit("d", changed);
        Assert.InRange(one.BytesAppended, 1, 3 * 5 * 700);

        var diff = opened.Diff(changed);
        Assert.Equal(3, diff.Count);
        var again = file.Current.GetDictionary<int, int>("d");
        Assert.True(again.DictionaryEquals(changed));
        Assert.Equal(55, again[5]);
        Assert.False(again.ContainsKey(6));
        DeepCheck(again);

        // Committing the same value again appends only the root table.
        var same = file.Commit("d", again);
        Assert.InRange(same.BytesAppended, 1, 200);
    }

    [Fact]
    public void A_dictionary_with_the_default_comparer_is_converted_once_then_committed_by_its_diff()
    {
        using var dir = new TempDirectory();
        string path = dir.File("conv.seg");
        var d = PersistentDictionary.CreateRange(Enumerable.Range(0, 20_000).Select(i => KeyValuePair.Create($"key{i}", $"value{i}")));
        using var file = SegmentFile.OpenWrite(path);
        var first = file.Commit("config", d);
        Assert.True(first.BytesAppended > 20_000 * 10);

        for (int i = 0; i < 5; i++)
        {
            d = d.SetItem($"key{i * 7}", "new").Remove($"key{(i * 7) + 1}");
            var next = file.Commit("config", d);
            Assert.InRange(next.BytesAppended, 1, 2 * 5 * 1200);
        }

        var opened = file.Current.GetDictionary<string, string>("config");
        Assert.Equal(d.Count, opened.Count);
        foreach (var (key, value) in d)
        {
            Assert.Equal(value, opened[key]);
        }

        Assert.Same(SegmentCodecs.KeyComparer<string>(), opened.KeyComparer);
        DeepCheck(opened);
    }

    [Fact]
    public void Keys_the_comparer_tells_apart_but_that_encode_equally_are_refused_not_merged()
    {
        using var dir = new TempDirectory();
        using var file = SegmentFile.OpenWrite(dir.File("refs.seg"));

        // byte[]'s default comparer is reference equality: two equal arrays are two keys, one encoding.
        var d = PersistentDictionary<byte[], int>.Empty.Add([1, 2], 1).Add([1, 2], 2);
        Assert.Equal(2, d.Count);
        var e = Assert.Throws<InvalidOperationException>(() => file.Commit("bytes", d));
        Assert.Contains("distinct encodings", e.Message);
        Assert.Equal(0, file.Current.Commit.Number);
    }

    [Fact]
    public void Every_built_in_codec_round_trips_as_key_and_as_value()
    {
        using var dir = new TempDirectory();
        string path = dir.File("codecs.seg");
        using var file = SegmentFile.OpenWrite(path);
        RoundTrip(file, "i32", Enumerable.Range(-500, 1000).ToArray());
        RoundTrip(file, "i64", Enumerable.Range(0, 700).Select(i => (long)i << 40).ToArray());
        RoundTrip(file, "u8", Enumerable.Range(0, 256).Select(i => (byte)i).ToArray());
        RoundTrip(file, "i16", Enumerable.Range(-300, 600).Select(i => (short)i).ToArray());
        RoundTrip(file, "char", "héllo wörld ☃ abcdefghijklmnopqrstuvwxyz".Distinct().ToArray());
        RoundTrip(file, "bool", [true, false]);
        RoundTrip(file, "f64", [0.0, -0.0, 1.5, double.NaN, double.PositiveInfinity, double.Epsilon, -1e300]);
        RoundTrip(file, "f32", [0f, 1.25f, float.NegativeInfinity]);
        RoundTrip(file, "utf8", Enumerable.Range(0, 500).Select(i => i % 7 == 0 ? new string('x', i) : $"ключ-{i}-🙂").Append(string.Empty).ToArray());
        RoundTrip(file, "bytes", Enumerable.Range(0, 300).Select(i => Enumerable.Range(0, i % 40).Select(j => (byte)(i + j)).ToArray()).ToArray(), new ByteArrayComparer());
        RoundTrip(file, "guid", Enumerable.Range(0, 300).Select(i => new Guid(i, (short)i, 7, 1, 2, 3, 4, 5, 6, 7, 8)).ToArray());
        RoundTrip(file, "datetime", Enumerable.Range(0, 300).Select(i => new DateTime(2026, 1, 1, 0, 0, 0, i % 2 == 0 ? DateTimeKind.Utc : DateTimeKind.Local).AddMinutes(i)).ToArray());
        RoundTrip(file, "dto", Enumerable.Range(0, 300).Select(i => new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours((i % 25) - 12)).AddSeconds(i)).ToArray());
        RoundTrip(file, "decimal", Enumerable.Range(0, 300).Select(i => i * 1.1m).Append(decimal.MaxValue).ToArray());
        RoundTrip(file, "i128", Enumerable.Range(0, 300).Select(i => (Int128)i << 100).ToArray());
        RoundTrip(file, "enum", Enum.GetValues<DayOfWeek>());
        RoundTrip(file, "struct", Enumerable.Range(0, 300).Select(i => new Point3(i, -i, i * 3L)).ToArray());
    }

    private static void RoundTrip<T>(SegmentFile file, string name, T[] keys, IEqualityComparer<T>? comparer = null)
        where T : notnull
    {
        var asKeys = PersistentDictionary<T, int>.Empty.WithComparers(comparer).SetItems(keys.Select((k, i) => KeyValuePair.Create(k, i)));
        var asValues = PersistentDictionary<int, T>.Empty.SetItems(keys.Select((k, i) => KeyValuePair.Create(i, k)));
        file.BeginCommit().SetDictionary(name + "/keys", asKeys).SetDictionary(name + "/values", asValues).Commit();
        using var reader = SegmentFile.OpenRead(file.FilePath);
        var openedKeys = reader.Current.GetDictionary<T, int>(name + "/keys");
        var openedValues = reader.Current.GetDictionary<int, T>(name + "/values");
        Assert.Equal(asKeys.Count, openedKeys.Count);
        foreach (var (key, value) in asKeys)
        {
            Assert.True(openedKeys.TryGetValue(key, out int found), $"{name}: key {key} missing");
            Assert.Equal(value, found);
        }

        Assert.Equal(asValues.Count, openedValues.Count);
        foreach (var (key, value) in asValues)
        {
            Assert.Equal(value, openedValues[key], comparer ?? EqualityComparer<T>.Default);
        }

        DeepCheck(openedKeys);
        DeepCheck(openedValues);
    }

    private readonly record struct Point3(int X, int Y, long Z);

    private sealed class ByteArrayComparer : IEqualityComparer<byte[]>
    {
        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => (int)XxHash32.HashToUInt32(obj);
    }

    [Fact]
    public void A_custom_codec_and_a_codec_mismatch()
    {
        using var dir = new TempDirectory();
        string path = dir.File("custom.seg");
        var d = PersistentDictionary.CreateRange(Enumerable.Range(0, 200).Select(i => KeyValuePair.Create(new Version(1, i), $"v{i}")));
        using var file = SegmentFile.OpenWrite(path);
        file.Commit("versions", d, new VersionCodec(), SegmentCodecs.String);
        var opened = file.Current.GetDictionary("versions", new VersionCodec(), SegmentCodecs.String);
        Assert.Equal("v7", opened[new Version(1, 7)]);
        Assert.Equal(200, opened.Count);
        var e = Assert.Throws<SegmentFormatException>(() => file.Current.GetDictionary<string, string>("versions"));
        Assert.Contains("codecs", e.Reason);
        Assert.Throws<KeyNotFoundException>(() => file.Current.GetDictionary<int, int>("missing"));
    }

    [Fact]
    public void The_same_nodes_committed_with_another_codec_are_written_again_in_that_codec()
    {
        using var dir = new TempDirectory();
        string path = dir.File("two-codecs.seg");
        var list = PersistentList.CreateRange(Enumerable.Range(0, 5000));
        var d = PersistentDictionary.CreateRange(SegmentCodecs.KeyComparer<int>(), Enumerable.Range(0, 5000).Select(i => KeyValuePair.Create(i, i)));
        using (var file = SegmentFile.OpenWrite(path))
        {
            file.BeginCommit().SetList("raw", list).SetDictionary("raw-d", d).Commit();
            var second = file.BeginCommit().SetList("text", list, new DecimalTextCodec()).SetDictionary("text-d", d, SegmentCodecs.Int32, new DecimalTextCodec()).Commit();
            Assert.True(second.BytesAppended > 5000 * 2, "nodes written with another codec must not be reused");
        }

        using var reader = SegmentFile.OpenRead(path);
        Assert.Equal(list, reader.Current.GetList("text", new DecimalTextCodec()));
        Assert.Equal(list, reader.Current.GetList<int>("raw"));
        var text = reader.Current.GetDictionary("text-d", SegmentCodecs.Int32, new DecimalTextCodec());
        Assert.True(text.DictionaryEquals(d));
    }

    /// <summary>An int as decimal digits: another encoding of the same type.</summary>
    private sealed class DecimalTextCodec : ISegmentCodec<int>
    {
        public string Id => "test.int-text";

        public int FixedSize => 0;

        public void Encode(int value, System.Buffers.IBufferWriter<byte> destination)
        {
            var text = System.Text.Encoding.ASCII.GetBytes(value.ToString(CultureInfo.InvariantCulture));
            text.CopyTo(destination.GetSpan(text.Length));
            destination.Advance(text.Length);
        }

        public int Decode(ReadOnlySpan<byte> source) => int.Parse(System.Text.Encoding.ASCII.GetString(source), CultureInfo.InvariantCulture);
    }

    private sealed class VersionCodec : ISegmentCodec<Version>
    {
        public string Id => "test.version/v1";

        public int FixedSize => 8;

        public void Encode(Version value, System.Buffers.IBufferWriter<byte> destination)
        {
            var span = destination.GetSpan(8);
            BitConverter.TryWriteBytes(span, value.Major);
            BitConverter.TryWriteBytes(span[4..], value.Minor);
            destination.Advance(8);
        }

        public Version Decode(ReadOnlySpan<byte> source) => new(BitConverter.ToInt32(source), BitConverter.ToInt32(source[4..]));
    }

    [Fact]
    public void History_compaction_and_refresh_keep_every_dictionary_version_readable()
    {
        using var dir = new TempDirectory();
        string path = dir.File("hist.seg");
        using var file = SegmentFile.OpenWrite(path);
        var versions = new List<(long Number, PersistentDictionary<int, int> Value)>();
        var d = PersistentDictionary<int, int>.Empty;
        for (int i = 0; i < 6; i++)
        {
            d = d.SetItems(Enumerable.Range(i * 100, 300).Select(k => KeyValuePair.Create(k, i)));
            versions.Add((file.Commit("d", d).Number, d));
        }

        using var reader = SegmentFile.OpenRead(path);
        foreach (var (number, value) in versions)
        {
            Assert.True(reader.OpenCommit(number).GetDictionary<int, int>("d").DictionaryEquals(value.WithComparers(SegmentCodecs.KeyComparer<int>())));
        }

        var held = reader.Current.GetDictionary<int, int>("d");
        file.Compact();
        var afterCompaction = file.Commit("d", d.SetItem(1, -1));
        Assert.InRange(afterCompaction.BytesAppended, 1, 5 * 700);
        Assert.Equal(versions[^1].Value.Count, held.Count());
        Assert.True(reader.Refresh());
        Assert.Equal(-1, reader.Current.GetDictionary<int, int>("d")[1]);
        Assert.Equal(2, reader.GetCommits().Count);
    }

    [Fact]
    public void A_bound_dictionary_commits_its_snapshots_incrementally()
    {
        using var dir = new TempDirectory();
        string path = dir.File("bound.seg");
        var container = new CopyOnWriteDictionary<string, int>();
        for (int i = 0; i < 5000; i++)
        {
            container[$"k{i}"] = i;
        }

        using (var file = SegmentFile.OpenWrite(path))
        {
            using var binding = file.BindDictionary("settings", container);
            Assert.NotNull(binding.Commit());
            Assert.Null(binding.Commit());
            container["k1"] = -1;
            Assert.True(container.TryRemove("k2", out _));
            var info = binding.Commit();
            Assert.NotNull(info);
            Assert.InRange(info.BytesAppended, 1, 2 * 4 * 900);
            container["new"] = 42;
        }

        using var reader = SegmentFile.OpenRead(path);
        var opened = reader.Current.GetDictionary<string, int>("settings");
        Assert.Equal(container.Count, opened.Count);
        Assert.Equal(42, opened["new"]);
        Assert.Equal(-1, opened["k1"]);
        Assert.False(opened.ContainsKey("k2"));
    }

    [Fact]
    public void Concurrent_first_reads_of_a_fresh_dictionary_decode_consistently()
    {
        using var dir = new TempDirectory();
        string path = dir.File("race.seg");
        using (var file = SegmentFile.OpenWrite(path))
        {
            file.Commit("d", PersistentDictionary.CreateRange(Enumerable.Range(0, 30_000).Select(i => KeyValuePair.Create(i, i * 3))));
        }

        using var reader = SegmentFile.OpenRead(path);
        for (int round = 0; round < 5; round++)
        {
            var opened = reader.OpenCommit(1).GetDictionary<int, int>("d");
            int wrong = 0;
            Parallel.For(0, 4, t =>
            {
                for (int i = t; i < 30_000; i += 4)
                {
                    if (!opened.TryGetValue(i, out int v) || v != i * 3)
                    {
                        Interlocked.Increment(ref wrong);
                    }
                }
            });
            Assert.Equal(0, wrong);
            DeepCheck(opened);
        }
    }

    [Fact]
    public async Task A_reader_refreshing_while_the_writer_commits_sees_only_whole_commits_in_order()
    {
        // Every commit sets all 2,000 keys to its own number: a torn or mixed commit would show two values.
        using var dir = new TempDirectory();
        string path = dir.File("live.seg");
        const int Keys = 2000;
        const int Commits = 40;
        using var writer = SegmentFile.OpenWrite(path, new SegmentWriteOptions { FlushToDisk = false });
        var d = PersistentDictionary<int, int>.Empty;
        d = d.SetItems(Enumerable.Range(0, Keys).Select(k => KeyValuePair.Create(k, 0)));
        writer.Commit("d", d);
        using var reader = SegmentFile.OpenRead(path);
        var writing = Task.Run(() =>
        {
            for (int v = 1; v <= Commits; v++)
            {
                d = d.SetItems(Enumerable.Range(0, Keys).Select(k => KeyValuePair.Create(k, v)));
                writer.Commit("d", d);
            }
        });

        long lastSeen = 0;
        int refreshes = 0;
        while (!writing.IsFaulted && (!writing.IsCompleted || lastSeen < Commits))
        {
            reader.Refresh();
            var snapshot = reader.Current;
            var values = snapshot.GetDictionary<int, int>("d");
            Assert.Equal(Keys, values.Count);
            int first = values[0];
            Assert.All(values, pair => Assert.Equal(first, pair.Value));
            Assert.Equal(snapshot.Commit.Number - 1, first);
            Assert.True(first >= lastSeen, $"went back from {lastSeen} to {first}");
            lastSeen = first;
            refreshes++;
        }

        await writing;
        Assert.Equal(Commits, lastSeen);
        Assert.True(refreshes > 1);
    }

    [Fact]
    public void Another_process_dumps_and_verifies_a_dictionary()
    {
        using var dir = new TempDirectory();
        string path = dir.File("dump.seg");
        var d = PersistentDictionary.CreateRange(Enumerable.Range(0, 300).Select(i => KeyValuePair.Create($"name{i}", i)));
        using (var file = SegmentFile.OpenWrite(path))
        {
            file.Commit("d", d);
        }

        var (code, text, error) = SegmentTestFiles.RunCow("dump", path, "d");
        Assert.True(code == 0, error);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(300, lines.Length);
        var parsed = lines.Select(l => l.Split('\t')).ToDictionary(p => System.Text.Json.JsonSerializer.Deserialize<string>(p[0])!, p => int.Parse(p[1], CultureInfo.InvariantCulture));
        Assert.Equal(d.OrderBy(p => p.Key, StringComparer.Ordinal), parsed.OrderBy(p => p.Key, StringComparer.Ordinal));

        (code, text, error) = SegmentTestFiles.RunCow("verify", path);
        Assert.True(code == 0, error);
        Assert.Contains("dictionary of 300 entries, codecs 'utf8' -> 'i32'", text);
    }

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        using var dir = new TempDirectory();
        using var file = SegmentFile.OpenWrite(dir.File("args.seg"));
        Assert.Throws<ArgumentNullException>(() => file.Commit<int, int>("d", null!));
        Assert.Throws<ArgumentNullException>(() => file.BeginCommit().SetDictionary("d", PersistentDictionary<int, int>.Empty, null!, SegmentCodecs.Int32));
        Assert.ThrowsAny<ArgumentException>(() => file.BeginCommit().SetDictionary(string.Empty, PersistentDictionary<int, int>.Empty));
        Assert.Throws<ArgumentNullException>(() => file.BindDictionary<int, int>("d", null!));
        Assert.Throws<ArgumentNullException>(() => SegmentCodecs.KeyComparer<int>(null!));
        using var reader = SegmentFile.OpenRead(file.FilePath);
        Assert.Throws<InvalidOperationException>(() => reader.BindDictionary("d", new CopyOnWriteDictionary<int, int>()));
    }
}

/// <summary>Shape constants the dictionary segment tests assert against.</summary>
internal static class TrieShapes
{
    /// <summary>Depth (levels below the root) of a collision node: the 32-bit hash is used up after 7 levels of 5 bits.</summary>
    public const int CollisionDepth = CowCollections.Internal.TrieGeometry.ChampMaxDepth;
}
