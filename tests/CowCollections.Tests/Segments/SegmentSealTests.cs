using System.Buffers.Binary;
using CowCollections.Segments;
using CowCollections.Segments.Internal;

namespace CowCollections.Tests.Segments;

/// <summary>
/// Sealed commits (format version 3): a commit that appends at most <see cref="Format.SealedCommitLimit"/> bytes carries
/// the checksum of those bytes in its root table and is made durable by one flush; open and refresh check the seal and
/// take a commit whose seal is broken, or whose bytes the file does not reach, for one that never completed. A bigger
/// commit flushes its records before its slot, and a file cut inside it stays a truncation error.
/// </summary>
public class SegmentSealTests
{
    private const string SimPath = "/sim/seal.seg";

    [Fact]
    public void A_small_commit_is_sealed_and_made_durable_by_one_flush()
    {
        var disk = new SimulatedDisk();
        using var writer = SegmentFile.OpenWrite(SimPath, new SegmentWriteOptions(), disk);
        var big = PersistentDictionary.CreateRange(Enumerable.Range(0, 20_000).Select(i => KeyValuePair.Create(i, i)));
        writer.Commit("d", big);

        long before = disk.Flushes;
        var info = writer.Commit("d", big.SetItem(7, -7));
        Assert.Equal(1, disk.Flushes - before);

        var seal = writer.Current.Record.Seal;
        Assert.NotNull(seal);
        Assert.Equal(info.CommittedLength - info.BytesAppended, seal.Value.Start);
        using var reader = SegmentFile.OpenRead(SimPath, disk);
        Assert.Equal(info.Number, reader.Current.Commit.Number);
        Assert.Equal(-7, reader.Current.GetDictionary<int, int>("d")[7]);
    }

    [Fact]
    public void A_commit_over_the_seal_limit_flushes_its_records_before_its_slot_and_a_cut_inside_it_is_a_truncation()
    {
        var disk = new SimulatedDisk();
        var xs = PersistentList.CreateRange(Enumerable.Range(0, 400_000));
        using (var writer = SegmentFile.OpenWrite(SimPath, new SegmentWriteOptions(), disk))
        {
            writer.Commit("small", PersistentList.Create(1));
            long before = disk.Flushes;
            var info = writer.Commit("xs", xs);
            Assert.True(info.BytesAppended > Format.SealedCommitLimit, $"{info.BytesAppended} bytes appended");
            Assert.Equal(2, disk.Flushes - before);
            Assert.Null(writer.Current.Record.Seal);
        }

        using var dir = new TempDirectory();
        string path = dir.File("big.seg");
        File.WriteAllBytes(path, disk.Contents(SimPath));
        long committed;
        using (var file = SegmentFile.OpenRead(path))
        {
            committed = file.Current.Commit.CommittedLength;
            Assert.Equal(xs.ToArray(), file.Current.GetList<int>("xs").ToArray());
        }

        SegmentTestFiles.Truncate(path, committed - 1000);
        Assert.Throws<SegmentTruncatedException>(() => SegmentFile.OpenRead(path));
    }

    [Fact]
    public void A_sealed_commit_whose_records_never_reached_the_disk_opens_at_the_commit_before_and_the_writer_commits_over_it()
    {
        using var dir = new TempDirectory();
        string path = dir.File("lost-records.seg");
        var (first, second) = TwoCommits(path);

        // The slot of commit 2 reached the disk, its records did not (zeros where they were appended).
        var image = File.ReadAllBytes(path);
        var start = (int)second.SealStart;
        image.AsSpan(start, (int)second.CommitOffset - start).Clear();
        File.WriteAllBytes(path, image);
        AssertOpensAtFirst(path, first);

        // A writer continues from commit 1: its commit 2 overwrites the broken one, and every later open sees it.
        using (var writer = SegmentFile.OpenWrite(path))
        {
            Assert.Equal(1, writer.Current.Commit.Number);
            Assert.Equal(2, writer.Commit("xs", PersistentList.Create(5, 6)).Number);
        }

        using var reader = SegmentFile.OpenRead(path);
        Assert.Equal(2, reader.Current.Commit.Number);
        Assert.Equal([5, 6], reader.Current.GetList<int>("xs").ToArray());
        Assert.True(reader.Check().IsHealthy);
    }

    [Fact]
    public void A_sealed_commit_whose_growth_of_the_file_was_lost_opens_at_the_commit_before()
    {
        using var dir = new TempDirectory();
        string path = dir.File("lost-length.seg");
        var (first, second) = TwoCommits(path);

        // The slot reached the disk, the new file length did not: the file ends where commit 2 began.
        SegmentTestFiles.Truncate(path, second.SealStart);
        AssertOpensAtFirst(path, first);
    }

    [Fact]
    public void A_torn_sealed_commit_is_skipped_by_refresh_until_the_writer_commits_again()
    {
        using var dir = new TempDirectory();
        string path = dir.File("refresh.seg");
        var (first, second) = TwoCommits(path);
        var image = File.ReadAllBytes(path);

        // Commit 2's slot has landed (the header area is at the start), its growth of the file has not.
        SegmentTestFiles.Truncate(path, first.CommittedLength);
        using var reader = SegmentFile.OpenRead(path);
        Assert.Equal(1, reader.Current.Commit.Number);

        // Its records land with one byte wrong: the seal does not match, the reader stays at commit 1.
        var torn = image.ToArray();
        torn[(int)second.SealStart + 20] ^= 0x40;
        File.WriteAllBytes(path, torn);
        Assert.False(reader.Refresh());
        Assert.Equal(1, reader.Current.Commit.Number);

        // The records land too: the seal matches and the refresh takes commit 2.
        File.WriteAllBytes(path, image);
        Assert.True(reader.Refresh());
        Assert.Equal(2, reader.Current.Commit.Number);
        Assert.Equal(-1, reader.Current.GetList<int>("xs")[4_000]);
    }

    [Fact]
    public void A_sealed_slot_whose_commit_record_has_no_seal_is_corrupt_in_a_check()
    {
        using var dir = new TempDirectory();
        string path = dir.File("mismatch.seg");
        var (_, second) = TwoCommits(path);

        // Rewrite commit 2's slot without the sealed bit: the slot and the record now disagree.
        var image = File.ReadAllBytes(path);
        int at = (int)Format.SlotOffset(2);
        HeaderSlot.TryRead(image.AsSpan(at, Format.SlotSize), out var slot, out _);
        (slot with { Sealed = false }).Write(image.AsSpan(at, Format.SlotSize));
        File.WriteAllBytes(path, image);
        using var file = SegmentFile.OpenRead(path);
        Assert.Equal(1, file.Current.Commit.Number);
        Assert.Contains("commit 2", file.Check().HeaderProblem, StringComparison.Ordinal);
        Assert.True(second.SealStart > 0);
    }

    [Fact]
    public void The_seal_start_must_follow_the_previous_commit()
    {
        using var dir = new TempDirectory();
        string path = dir.File("start.seg");
        var (first, second) = TwoCommits(path);
        var image = File.ReadAllBytes(path);
        int payload = (int)second.CommitOffset + Format.RecordHeaderSize;
        BinaryPrimitives.WriteInt64LittleEndian(image.AsSpan(payload + 32), Format.DataStart);
        File.WriteAllBytes(path, image);
        SegmentTestFiles.Reseal(path);

        // The record names a start before the previous commit's record: corrupt, so the file opens at commit 1.
        using var file = SegmentFile.OpenRead(path);
        Assert.Equal(1, file.Current.Commit.Number);
        Assert.Equal(first.CommittedLength, second.SealStart);
    }

    /// <summary>Two sealed commits of "xs" in a real file; returns commit 1's committed length and commit 2's seal start and record offset.</summary>
    private static ((long CommittedLength, int[] Values) First, (long SealStart, long CommitOffset) Second) TwoCommits(string path)
    {
        var xs = PersistentList.CreateRange(Enumerable.Range(0, 5_000));
        long firstLength;
        using (var writer = SegmentFile.OpenWrite(path))
        {
            firstLength = writer.Commit("xs", xs).CommittedLength;
            writer.Commit("xs", xs.SetItem(4_000, -1).Add(9));
            var record = writer.Current.Record;
            Assert.NotNull(record.Seal);
            Assert.Equal(firstLength, record.Seal.Value.Start);
            return ((firstLength, xs.ToArray()), (record.Seal.Value.Start, record.Offset));
        }
    }

    private static void AssertOpensAtFirst(string path, (long CommittedLength, int[] Values) first)
    {
        using var file = SegmentFile.OpenRead(path);
        Assert.Equal(1, file.Current.Commit.Number);
        Assert.Equal(first.Values, file.Current.GetList<int>("xs").ToArray());
        var report = file.Check();
        Assert.Contains("commit 2", report.HeaderProblem, StringComparison.Ordinal);
        Assert.All(report.Commits, c => Assert.Null(c.Problem));
    }
}
