using System.Buffers.Binary;
using CowCollections.Segments;
using CowCollections.Segments.Internal;
using CowCollections.Segments.Internal.Storage;
using CowCollections.Tests.Support;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace CowCollections.Tests.Segments;

/// <summary>
/// One regression test per defect found by using segment files as a multi-process user would: a growing file
/// reported as truncated, root names that do not survive the round trip, a bad timestamp escaping as the wrong
/// type, error offsets outside the file, the wrong kind of root reported as corruption, commit 0 and
/// <c>GetCommits</c>, and a compactor that keeps stale offsets. (Writer exclusion by file identity and the
/// missing folder are in <see cref="SegmentWriterLockTests"/>.)
/// </summary>
public class SegmentDefectRegressionTests(ITestOutputHelper output)
{
    [Fact]
    public void A_commit_landing_between_a_readers_header_read_and_its_length_read_is_not_reported_as_truncation()
    {
        using var dir = new TempDirectory();
        string path = dir.File("growing.seg");
        using var writer = SegmentFile.OpenWrite(path);
        var xs = PersistentList.CreateRange(Enumerable.Range(0, 1000));
        writer.Commit("xs", xs);

        // The storage runs the writer's next commit right after the reader learned the file's length.
        var interleaved = new CommitAfterLength(() => writer.Commit("xs", xs = xs.AddRange(Enumerable.Range(0, 5000))));
        using var reader = SegmentFile.OpenRead(path, interleaved);
        Assert.Equal(1, interleaved.Commits);
        Assert.Equal(1000, reader.Current.GetList<int>("xs").Count);

        interleaved.Arm(() => writer.Commit("xs", xs = xs.AddRange(Enumerable.Range(0, 5000))));
        Assert.True(reader.Refresh());
        Assert.Equal(2, interleaved.Commits);
        Assert.Equal(2, reader.Current.Commit.Number);
        Assert.True(reader.Refresh());
        Assert.Equal(3, reader.Current.Commit.Number);
        Assert.Equal(xs.ToArray(), reader.Current.GetList<int>("xs").ToArray());
    }

    [Fact]
    public void A_root_name_with_a_lone_surrogate_is_refused_before_anything_is_written()
    {
        using var dir = new TempDirectory();
        string path = dir.File("names.seg");
        using var writer = SegmentFile.OpenWrite(path);
        writer.Commit("ok", PersistentList.Create(1));
        long length = new FileInfo(path).Length;
        var before = File.ReadAllBytes(path);

        foreach (string bad in new[] { "n\uD800", "n\uDC00", "\uD800\uD800", "a\uDFFFb", "\uD800" })
        {
            var e = Assert.Throws<ArgumentException>(() => writer.BeginCommit().SetList(bad, PersistentList.Create(1)).Commit());
            Assert.Equal("name", e.ParamName);
            Assert.Throws<ArgumentException>(() => writer.Commit(bad, PersistentDictionary.Create<int, int>()));
            Assert.Throws<ArgumentException>(() => writer.BeginCommit().Remove(bad));
            Assert.Throws<ArgumentException>(() => writer.BindList(bad, new CopyOnWriteList<int>()));
        }

        // Two such names committed together once made the file impossible to open.
        Assert.Throws<ArgumentException>(() => writer.BeginCommit().SetList("n\uD800", PersistentList.Create(1)).SetList("n\uD801", PersistentList.Create(2)).Commit());
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(length, new FileInfo(path).Length);
        Assert.Equal(1, writer.Current.Commit.Number);

        // A codec whose id would not survive the round trip is refused the same way.
        var e2 = Assert.Throws<ArgumentException>(() => writer.BeginCommit().SetList("xs", PersistentList.Create(1), new RenamedCodec("i32\uD800")));
        Assert.Equal("codec", e2.ParamName);

        using var reader = SegmentFile.OpenRead(path);
        Assert.Equal(["ok"], reader.Current.Names);
    }

    [Fact]
    public void Every_root_name_accepted_reopens_equal_and_every_rejected_one_writes_nothing()
    {
        var chars = Gen.Elements('a', 'Z', '0', ' ', 'é', '\u00A0', '\uFFFF', '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\uD83D', '\uDE00', '\0');
        var names = Gen.ArrayOf(Gen.ArrayOf(chars).Where(c => c.Length is > 0 and < 8).Select(c => new string(c))).Where(n => n.Length is > 0 and < 6);
        SeededProperty.Check(output, names, batch =>
        {
            using var dir = new TempDirectory();
            string path = dir.File("names.seg");
            var accepted = new SortedDictionary<string, int>(StringComparer.Ordinal);
            using (var writer = SegmentFile.OpenWrite(path))
            {
                int value = 0;
                foreach (string name in batch)
                {
                    var before = File.ReadAllBytes(path);
                    try
                    {
                        writer.Commit(name, PersistentList.Create(value));
                        accepted[name] = value;
                    }
                    catch (ArgumentException)
                    {
                        Assert.Equal(before, File.ReadAllBytes(path));
                    }

                    value++;
                }
            }

            using var reader = SegmentFile.OpenRead(path);
            Assert.Equal(accepted.Keys, reader.Current.Names);
            foreach (var (name, value) in accepted)
            {
                Assert.Equal([value], reader.Current.GetList<int>(name).ToArray());
            }
        }, 60);
    }

    [Fact]
    public void A_commit_timestamp_out_of_range_with_a_valid_checksum_is_a_typed_corrupt_error()
    {
        using var dir = new TempDirectory();
        string path = dir.File("timestamp.seg");
        long bad = 0;
        Craft(path, storage =>
        {
            var b = new RecordBuffer(storage, Format.DataStart, long.MaxValue);
            var roots = new SortedDictionary<string, long>(StringComparer.Ordinal);
            bad = CommitRecord.Write(b, 1, 0, long.MaxValue, roots);
            long good = CommitRecord.Write(b, 2, bad, 0, roots);
            b.Flush();
            return (2, b.Position, good);
        });

        using var file = SegmentFile.OpenRead(path);
        Assert.Equal(2, file.Current.Commit.Number);
        var e = Assert.Throws<SegmentCorruptException>(() => file.GetCommits());
        Assert.Equal(bad, e.Offset);
        Assert.Contains("timestamp", e.Reason);
        Assert.Throws<SegmentCorruptException>(() => file.OpenCommit(1));
    }

    [Fact]
    public void A_newest_commit_with_a_bad_timestamp_falls_back_to_the_commit_before_it()
    {
        using var dir = new TempDirectory();
        string path = dir.File("newest.seg");
        Craft(path, storage =>
        {
            var b = new RecordBuffer(storage, Format.DataStart, long.MaxValue);
            long bad = CommitRecord.Write(b, 1, 0, long.MinValue, new SortedDictionary<string, long>(StringComparer.Ordinal));
            b.Flush();
            return (1, b.Position, bad);
        });

        using var file = SegmentFile.OpenRead(path);
        Assert.Equal(0, file.Current.Commit.Number);
        Assert.Single(file.GetCommits());
    }

    [Fact]
    public void A_damaged_child_pointer_is_reported_at_the_record_that_holds_it_inside_the_file()
    {
        using var dir = new TempDirectory();
        string path = dir.File("pointer.seg");
        using (var writer = SegmentFile.OpenWrite(path))
        {
            writer.Commit("xs", PersistentList.CreateRange(Enumerable.Range(0, 100)));
        }

        // Point the list root's tree at a bogus offset (the root record's checksum stays valid).
        var root = PatchInt64(path, RecordTag.ListRoot, 8, -9223372036854767616);

        using var file = SegmentFile.OpenRead(path);
        var e = Assert.Throws<SegmentCorruptException>(() => file.Current.GetList<int>("xs").ToArray());
        Assert.Equal(root.Offset, e.Offset);
        Assert.Contains("-9223372036854767616", e.Reason);
    }

    [Fact]
    public void An_empty_dictionary_root_that_names_a_node_is_corrupt_not_silently_empty()
    {
        using var dir = new TempDirectory();
        string path = dir.File("empty-dictionary.seg");
        using (var writer = SegmentFile.OpenWrite(path))
        {
            writer.BeginCommit().SetList("xs", PersistentList.Create(1)).SetDictionary("d", PersistentDictionary.Create<int, int>()).Commit();
        }

        var root = PatchInt64(path, RecordTag.DictionaryRoot, 8, Format.DataStart);
        using var file = SegmentFile.OpenRead(path);
        var e = Assert.Throws<SegmentCorruptException>(() => file.Current.GetDictionary<int, int>("d"));
        Assert.Equal(root.Offset, e.Offset);
    }

    [Fact]
    public void Asking_for_the_wrong_kind_of_root_is_a_usage_error_with_its_own_exception()
    {
        using var dir = new TempDirectory();
        string path = dir.File("kinds.seg");
        using (var writer = SegmentFile.OpenWrite(path))
        {
            writer.BeginCommit()
                .SetList("list", PersistentList.Create(1, 2))
                .SetArray("array", PersistentArray.CreateRange([1, 2]))
                .SetDictionary("dictionary", PersistentDictionary.CreateRange([KeyValuePair.Create("a", 1)]))
                .Commit();
        }

        using var file = SegmentFile.OpenRead(path);
        var snapshot = file.Current;
        Assert.Equal(SegmentRootKind.List, snapshot.GetKind("list"));
        Assert.Equal(SegmentRootKind.Array, snapshot.GetKind("array"));
        Assert.Equal(SegmentRootKind.Dictionary, snapshot.GetKind("dictionary"));
        Assert.Throws<KeyNotFoundException>(() => snapshot.GetKind("none"));

        var e = Assert.Throws<SegmentRootKindException>(() => snapshot.GetDictionary<string, int>("list"));
        Assert.Equal((SegmentRootKind.Dictionary, SegmentRootKind.List, "list", path), (e.RequestedKind, e.ActualKind, e.RootName, e.FilePath));
        Assert.IsAssignableFrom<InvalidOperationException>(e);
        Assert.Equal(SegmentRootKind.Dictionary, Assert.Throws<SegmentRootKindException>(() => snapshot.GetList<int>("dictionary")).ActualKind);
        Assert.Equal(SegmentRootKind.List, Assert.Throws<SegmentRootKindException>(() => snapshot.GetArray<int>("list")).ActualKind);
        Assert.Equal(SegmentRootKind.Array, Assert.Throws<SegmentRootKindException>(() => snapshot.TryGetList("array", SegmentCodecs.Int32, out _)).ActualKind);
        Assert.Equal(SegmentRootKind.List, Assert.Throws<SegmentRootKindException>(() => snapshot.TryGetDictionary("list", SegmentCodecs.String, SegmentCodecs.Int32, out _)).ActualKind);

        // The right kind still opens.
        Assert.Equal([1, 2], snapshot.GetList<int>("list").ToArray());
        Assert.Equal(1, snapshot.GetDictionary<string, int>("dictionary")["a"]);
    }

    [Fact]
    public void GetCommits_lists_commit_0_only_while_it_is_the_newest_as_documented()
    {
        using var dir = new TempDirectory();
        string path = dir.File("zero.seg");
        using var writer = SegmentFile.OpenWrite(path);
        Assert.Equal([0L], writer.GetCommits().Select(c => c.Number));
        Assert.Empty(writer.OpenCommit(0).Names);

        writer.Commit("xs", PersistentList.Create(1));
        writer.Commit("xs", PersistentList.Create(2));
        Assert.Equal([2L, 1L], writer.GetCommits().Select(c => c.Number));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.OpenCommit(0));
    }

    [Fact]
    public void Old_values_committed_again_after_a_compaction_read_back_equal()
    {
        using var dir = new TempDirectory();
        string path = dir.File("recommit.seg");
        var list = PersistentList.CreateRange(Enumerable.Range(0, 5000));
        var dictionary = PersistentDictionary.CreateRange(Enumerable.Range(0, 3000).Select(i => KeyValuePair.Create(i, -i)));
        var array = PersistentArray.CreateRange(Enumerable.Range(0, 4000));
        using (var writer = SegmentFile.OpenWrite(path))
        {
            writer.BeginCommit().SetList("list", list).SetDictionary("dictionary", dictionary).SetArray("array", array).Commit();

            // Later versions move the head away from the old nodes; the old values stay in memory.
            writer.BeginCommit()
                .SetList("list", list.RemoveRange(0, 2500).Add(-1))
                .SetDictionary("dictionary", dictionary.RemoveRange(Enumerable.Range(0, 1500)))
                .SetArray("array", array.SetItem(0, -5))
                .Commit();
            writer.Compact();

            // Committing the old values again reuses whatever the writer remembers of them: the offsets must be
            // the compacted file's, not the old file's.
            writer.BeginCommit().SetList("list", list).SetDictionary("dictionary", dictionary).SetArray("array", array).Commit();
            writer.BeginCommit().SetList("again", list.SetItem(7, 7)).Commit();
        }

        using var reader = SegmentFile.OpenRead(path);
        var head = reader.Current;
        Assert.Equal(list.ToArray(), head.GetList<int>("list").ToArray());
        Assert.Equal(list.SetItem(7, 7).ToArray(), head.GetList<int>("again").ToArray());
        Assert.Equal(array.ToArray(), head.GetArray<int>("array").ToArray());
        var read = head.GetDictionary<int, int>("dictionary");
        Assert.Equal(dictionary.Count, read.Count);
        Assert.All(dictionary, e => Assert.Equal(e.Value, read[e.Key]));
        SegmentTestFiles.Verify(reader);
    }

    /// <summary>Overwrites the i64 at <paramref name="at"/> in the payload of the only record of <paramref name="tag"/>, keeping its checksum and the commit's seal valid.</summary>
    private static RecordInfo PatchInt64(string path, RecordTag tag, int at, long value)
    {
        var record = SegmentTestFiles.Records(path).Single(r => r.Tag == tag);
        var bytes = File.ReadAllBytes(path);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan((int)record.Offset + Format.RecordHeaderSize + at), value);
        int covered = (int)(record.End - record.Offset - Format.RecordChecksumSize);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan((int)record.Offset + covered), Format.Checksum(bytes.AsSpan((int)record.Offset, covered)));
        SegmentTestFiles.Reseal(bytes);
        File.WriteAllBytes(path, bytes);
        return record;
    }

    /// <summary>Writes a file with header area and the records <paramref name="write"/> appends, then the slot of the commit it returns.</summary>
    private static void Craft(string path, Func<SegmentStorage, (ulong Number, long Length, long CommitOffset)> write)
    {
        using var storage = new FileStorage(path, File.OpenHandle(path, FileMode.Create, FileAccess.ReadWrite, FileShare.ReadWrite));
        SegmentHead.WriteArea(storage, new HeaderSlot(0, Format.DataStart, 0, 0, 42));
        var (number, length, commit) = write(storage);
        SegmentHead.WriteSlot(storage, new HeaderSlot(number, length, commit, 0, 42), null);
    }

    private sealed class RenamedCodec(string id) : ISegmentCodec<int>
    {
        public string Id => id;

        public int FixedSize => 4;

        public void Encode(int value, System.Buffers.IBufferWriter<byte> destination) => SegmentCodecs.Int32.Encode(value, destination);

        public int Decode(ReadOnlySpan<byte> source) => SegmentCodecs.Int32.Decode(source);
    }

    /// <summary>The real file system, except that a reader's length read is followed at once by an action (a writer's commit).</summary>
    private sealed class CommitAfterLength(Action first) : SegmentStorageSystem
    {
        private Action? _next = first;

        public int Commits { get; private set; }

        public void Arm(Action next) => _next = next;

        public override SegmentStorage OpenRead(string path) => new Hooked(this, Files.OpenRead(path));

        public override (SegmentStorage Storage, WriterLock Lock) OpenWriter(string path) => Files.OpenWriter(path);

        public override SegmentStorage Create(string path) => Files.Create(path);

        public override void Move(string source, string destination) => Files.Move(source, destination);

        public override void FlushDirectory(string directory) => Files.FlushDirectory(directory);

        public override void Delete(string path) => Files.Delete(path);

        private void AfterLength()
        {
            var action = _next;
            _next = null;
            if (action is not null)
            {
                action();
                Commits++;
            }
        }

        private sealed class Hooked(CommitAfterLength owner, SegmentStorage inner) : SegmentStorage
        {
            public override string Path => inner.Path;

            public override long Length
            {
                get
                {
                    long length = inner.Length;
                    owner.AfterLength();
                    return length;
                }
            }

            public override void Read(Span<byte> destination, long offset) => inner.Read(destination, offset);

            public override void Write(ReadOnlySpan<byte> source, long offset) => inner.Write(source, offset);

            public override void Flush() => inner.Flush();

            public override void Preallocate(long length) => inner.Preallocate(length);

            public override MappedView Map(long length) => inner.Map(length);

            public override void Dispose() => inner.Dispose();
        }
    }
}
