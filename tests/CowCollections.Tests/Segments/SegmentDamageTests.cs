using System.Buffers.Binary;
using CowCollections.Segments;
using CowCollections.Segments.Internal;

namespace CowCollections.Tests.Segments;

/// <summary>Truncated files, flipped bytes in a node, foreign or future files.</summary>
public class SegmentDamageTests
{
    /// <summary>Opens and reads everything; returns the commit read, or the typed error. Any other exception fails the test.</summary>
    private static (long? Commit, SegmentException? Error) TryReadAll(string path, IReadOnlyDictionary<long, int[]> model)
    {
        try
        {
            using var file = SegmentFile.OpenRead(path);
            SegmentTestFiles.Verify(file);
            long head = SegmentTestFiles.OpenAndCompare(path, model);
            return (head, null);
        }
        catch (SegmentException e)
        {
            Assert.False(string.IsNullOrEmpty(e.Reason));
            Assert.Equal(Path.GetFullPath(path), e.FilePath);

            // Every error names a place inside the file (or -1: the whole file).
            long length = new FileInfo(path).Length;
            Assert.True(e.Offset == -1 || (e.Offset >= 0 && e.Offset < length), $"offset {e.Offset} is outside the {length}-byte file: {e.Message}");
            return (null, e);
        }
    }

    [Fact]
    public void Truncation_at_every_record_boundary_and_at_random_lengths_is_a_typed_error_or_the_loss_of_a_sealed_newest_commit()
    {
        using var dir = new TempDirectory();
        string path = dir.File("t.seg");
        SegmentTestFiles.WriteSmallFile(path);
        var original = File.ReadAllBytes(path);
        var cuts = SegmentTestFiles.Records(path).SelectMany(r => new[] { r.Offset, r.End - 1 }).ToList();
        var random = new Random(7);
        cuts.AddRange(Enumerable.Range(0, 40).Select(_ => (long)random.Next(0, original.Length)));
        cuts.AddRange([0, 1, Format.DataStart - 1, Format.DataStart]);
        var newest = SegmentTestFiles.NewestSeal(path);
        Assert.True(newest.SealStart > Format.DataStart, "the small file's newest commit is sealed");
        foreach (long cut in cuts.Distinct())
        {
            string copy = dir.File($"cut-{cut}.seg");
            File.WriteAllBytes(copy, original[..(int)cut]);
            SegmentTestFiles.AssertCutOutcome(copy, cut, newest);
            File.Delete(copy);
        }
    }

    [Fact]
    public void Every_byte_flipped_in_a_small_file_gives_a_typed_error_or_an_intact_commit()
    {
        using var dir = new TempDirectory();
        string path = dir.File("flip.seg");
        var model = SegmentTestFiles.WriteSmallFile(path);
        var original = File.ReadAllBytes(path);
        var records = SegmentTestFiles.Records(path);
        var newest = SegmentTestFiles.NewestSeal(path);
        int detected = 0;
        int fellBack = 0;
        for (int at = 0; at < original.Length; at++)
        {
            if (at >= Format.SlotSize && at < Format.SlotBOffset)
            {
                continue; // unused bytes between the slots: covered by the "unused" assertion below
            }

            if (at >= Format.SlotBOffset + Format.SlotSize && at < Format.DataStart)
            {
                continue;
            }

            SegmentTestFiles.FlipByte(path, at);
            var (commit, error) = TryReadAll(path, model);
            if (error is not null)
            {
                detected++;
            }
            else
            {
                // Unnoticed only when open fell back to an older intact commit (a damaged header slot or a
                // damaged newest root table); its content was compared with the model above.
                Assert.NotNull(commit);
                Assert.True(at < Format.DataStart || commit < model.Keys.Max(), $"a flip at {at} (a record byte) went unnoticed");
                fellBack += at >= Format.DataStart ? 1 : 0;
            }

            SegmentTestFiles.FlipByte(path, at);
        }

        // Every record byte is caught, except that damage to the newest commit's bytes (its seal covers them all, its
        // root table included) is skipped by falling back to the commit before it.
        var newestRoot = records.Last(r => r.Tag == RecordTag.Commit);
        long newestStart = newest.SealStart;
        Assert.True(newestStart > Format.DataStart, "the small file's newest commit is sealed");
        Assert.InRange(fellBack, 1, newestRoot.End - newestStart);
        Assert.True(detected + fellBack >= original.Length - Format.DataStart, $"only {detected} flips detected");

        // A flipped byte in a record of the newest commit breaks its seal: the file opens at the commit before,
        // intact, and a check reports the newest commit as lost.
        var lastLeaf = records.Last(r => r.Tag == RecordTag.ListLeaf);
        Assert.True(lastLeaf.Offset >= newestStart, "the last leaf belongs to the newest commit");
        SegmentTestFiles.FlipByte(path, lastLeaf.Offset + 20);
        using var file = SegmentFile.OpenRead(path);
        Assert.Equal(model.Keys.Max() - 1, file.Current.Commit.Number);
        Assert.Equal(model[model.Keys.Max() - 1], file.Current.GetList<int>("xs").ToArray());
        Assert.Contains($"commit {model.Keys.Max()}", file.Check().HeaderProblem, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_bytes_flipped_in_a_large_file_are_detected_when_read()
    {
        using var dir = new TempDirectory();
        string path = dir.File("large.seg");
        var xs = PersistentList.CreateRange(Enumerable.Range(0, 300_000));
        using (var writer = SegmentFile.OpenWrite(path))
        {
            writer.Commit("xs", xs);
        }

        var model = new Dictionary<long, int[]> { [1] = xs.ToArray() };

        // The committed bytes: past them the file holds only the writer's preallocated zeros, which nothing reads.
        long length;
        using (var file = SegmentFile.OpenRead(path))
        {
            length = file.Current.Commit.CommittedLength;
        }

        Assert.True(new FileInfo(path).Length > length, "a file past 1 MiB is preallocated ahead of its committed length");
        var random = new Random(99);
        for (int i = 0; i < 60; i++)
        {
            long at = Format.DataStart + (long)(random.NextDouble() * (length - Format.DataStart));
            SegmentTestFiles.FlipByte(path, at, (byte)(1 << random.Next(8)));
            var (_, error) = TryReadAll(path, model);
            Assert.NotNull(error);
            File.Delete(path);
            using (var writer = SegmentFile.OpenWrite(path))
            {
                writer.Commit("xs", xs);
            }
        }
    }

    [Fact]
    public void Foreign_and_future_files_are_rejected_at_open()
    {
        using var dir = new TempDirectory();
        var random = new Random(3);

        string noise = dir.File("noise.bin");
        var bytes = new byte[20_000];
        random.NextBytes(bytes);
        File.WriteAllBytes(noise, bytes);
        Assert.Throws<SegmentFormatException>(() => SegmentFile.OpenRead(noise));

        string text = dir.File("text.txt");
        File.WriteAllText(text, string.Concat(Enumerable.Repeat("not a segment file\n", 1000)));
        Assert.Throws<SegmentFormatException>(() => SegmentFile.OpenRead(text));
        Assert.ThrowsAny<SegmentException>(() => SegmentFile.OpenWrite(text).Dispose());
        Assert.StartsWith("not a segment file", File.ReadAllText(text));

        string empty = dir.File("empty.seg");
        File.WriteAllBytes(empty, []);
        Assert.Throws<SegmentTruncatedException>(() => SegmentFile.OpenRead(empty));

        string good = dir.File("good.seg");
        using (var writer = SegmentFile.OpenWrite(good))
        {
            writer.Commit("xs", PersistentList.Create(1));
        }

        // A future version, another fan-out, another hash function: each with a valid checksum, in both slots.
        foreach (var (field, value, what) in new[] { (8, Format.Version + 1, "version"), (12, 4, "vector bits"), (13, 6, "CHAMP bits"), (14, 9, "key hash") })
        {
            string other = dir.File($"other-{field}.seg");
            var image = File.ReadAllBytes(good);
            foreach (int slot in new[] { 0, (int)Format.SlotBOffset })
            {
                if (field == 8)
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(slot + field), (ushort)value);
                }
                else
                {
                    image[slot + field] = (byte)value;
                }

                BinaryPrimitives.WriteUInt64LittleEndian(image.AsSpan(slot + 56), Format.Checksum(image.AsSpan(slot, 56)));
            }

            File.WriteAllBytes(other, image);
            var e = Assert.Throws<SegmentFormatException>(() => SegmentFile.OpenRead(other));
            Assert.True(e.Reason.Contains("version", StringComparison.Ordinal) || e.Reason.Contains("parameters", StringComparison.Ordinal), what + ": " + e.Reason);
        }

        // Another magic.
        string magic = dir.File("magic.seg");
        var m = File.ReadAllBytes(good);
        m[0] = (byte)'X';
        m[Format.SlotBOffset] = (byte)'X';
        File.WriteAllBytes(magic, m);
        Assert.Throws<SegmentFormatException>(() => SegmentFile.OpenRead(magic));
    }
}
