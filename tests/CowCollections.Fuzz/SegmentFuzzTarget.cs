using System.Buffers.Binary;
using CowCollections.Segments;
using CowCollections.Segments.Internal;

namespace CowCollections.Fuzz;

/// <summary>
/// The fuzz target: arbitrary bytes become a segment file, which is opened and read completely (every retained
/// commit, every root, as what it is and as every other kind), then opened for writing, committed to and
/// compacted. The only exceptions allowed out of the library are the documented ones: a
/// <see cref="SegmentException"/> for anything wrong with the file, <see cref="SegmentRootKindException"/> for
/// asking for the wrong kind of root. Anything else escapes and is a finding.
/// </summary>
/// <remarks>
/// <para><b>Input layout</b> (so the fuzzer does not spend its mutations on the zero padding of the header area):
/// byte 0 is the mode, bytes 1..64 are header slot A, 65..128 slot B, the rest is the data from offset 8192 on.
/// An input shorter than that is written as it is (a file whose header area is incomplete).</para>
/// <para><b>Mode</b> bit 0 set: the harness recomputes every checksum (both slots, and each record found by
/// walking the records from 8192) before opening, so mutations reach the structural checks behind the
/// checksums instead of stopping at a checksum mismatch.</para>
/// </remarks>
public static class SegmentFuzzTarget
{
    private const int Header = 1 + (2 * Format.SlotSize);

    /// <summary>Runs the target once on <paramref name="input"/>; throws only when the library misbehaved.</summary>
    public static void Run(ReadOnlySpan<byte> input, string directory)
    {
        string path = Path.Combine(directory, $"fuzz-{Environment.ProcessId}.seg");
        File.WriteAllBytes(path, Expand(input));
        try
        {
            Exercise(path);
        }
        finally
        {
            File.Delete(path);
            File.Delete(path + ".lock");
            File.Delete(path + ".compacting");
        }
    }

    /// <summary>The file that <paramref name="input"/> stands for (see the remarks).</summary>
    public static byte[] Expand(ReadOnlySpan<byte> input)
    {
        if (input.Length < Header)
        {
            return input.ToArray();
        }

        var file = new byte[Format.DataStart + (input.Length - Header)];
        input.Slice(1, Format.SlotSize).CopyTo(file);
        input.Slice(1 + Format.SlotSize, Format.SlotSize).CopyTo(file.AsSpan((int)Format.SlotBOffset));
        input[Header..].CopyTo(file.AsSpan((int)Format.DataStart));
        if ((input[0] & 1) != 0)
        {
            FixChecksums(file);
        }

        return file;
    }

    /// <summary>The input that stands for <paramref name="file"/>, a well-formed segment file (for the seed corpus).</summary>
    public static byte[] Compress(ReadOnlySpan<byte> file, byte mode)
    {
        var input = new byte[Header + (file.Length - (int)Format.DataStart)];
        input[0] = mode;
        file[..Format.SlotSize].CopyTo(input.AsSpan(1));
        file.Slice((int)Format.SlotBOffset, Format.SlotSize).CopyTo(input.AsSpan(1 + Format.SlotSize));
        file[(int)Format.DataStart..].CopyTo(input.AsSpan(Header));
        return input;
    }

    private static void FixChecksums(Span<byte> file)
    {
        foreach (int slot in new[] { 0, (int)Format.SlotBOffset })
        {
            var bytes = file.Slice(slot, Format.SlotSize);
            BinaryPrimitives.WriteUInt64LittleEndian(bytes[56..], Format.Checksum(bytes[..56]));
        }

        long at = Format.DataStart;
        while (at + Format.RecordHeaderSize + Format.RecordChecksumSize <= file.Length)
        {
            uint length = BinaryPrimitives.ReadUInt32LittleEndian(file[(int)(at + 4)..]);
            long covered = Format.RecordHeaderSize + Format.Align((long)length);
            if (length > Format.MaxPayload || at + covered + Format.RecordChecksumSize > file.Length)
            {
                return;
            }

            var record = file.Slice((int)at, (int)covered);
            BinaryPrimitives.WriteUInt64LittleEndian(file[(int)(at + covered)..], Format.Checksum(record));
            at += covered + Format.RecordChecksumSize;
        }
    }

    private static void Exercise(string path)
    {
        try
        {
            using var file = SegmentFile.OpenRead(path);
            ReadEverything(file);
            file.Refresh();
        }
        catch (Exception e) when (Expected(e))
        {
        }

        try
        {
            using var writer = SegmentFile.OpenWrite(path, new SegmentWriteOptions { FlushToDisk = false });
            var current = writer.Current;
            var builder = writer.BeginCommit().SetList("fuzz-list", PersistentList.Create(1, 2, 3));
            foreach (string name in current.Names)
            {
                if (current.GetKind(name) == SegmentRootKind.Dictionary)
                {
                    builder.SetDictionary(name, current.GetDictionary<string, string>(name).SetItem("k", "v"));
                }
            }

            builder.Commit();
            writer.Compact();
            using var reader = SegmentFile.OpenRead(path);
            ReadEverything(reader);
        }
        catch (Exception e) when (Expected(e))
        {
        }
    }

    /// <summary>Every retained commit, every root: the public check (opaque walk; damage is reported, anything else escapes), then typed reads of each kind.</summary>
    private static void ReadEverything(SegmentFile file)
    {
        var report = file.Check();
        if (report.Commits.FirstOrDefault(c => c.Problem is not null)?.Problem is { } damage)
        {
            throw damage;
        }

        foreach (var info in file.GetCommits())
        {
            var snapshot = file.OpenCommit(info.Number);
            foreach (string name in snapshot.Names)
            {
                Try(() => Consume(snapshot.GetList<int>(name)));
                Try(() => Consume(snapshot.GetList<string>(name)));
                Try(() => Consume(snapshot.GetArray<int>(name)));
                Try(() => Consume(snapshot.GetDictionary<string, string>(name)));
                Try(() => Consume(snapshot.GetDictionary<int, int>(name)));
            }
        }
    }

    private static void Consume<T>(IReadOnlyList<T> list)
    {
        int n = 0;
        foreach (var item in list)
        {
            n++;
        }

        if (list.Count > 0)
        {
            _ = list[list.Count / 2];
            _ = list[^1];
        }

        if (n != list.Count)
        {
            throw new InvalidOperationException($"enumerated {n} items of a list of {list.Count}");
        }
    }

    private static void Consume<TKey, TValue>(PersistentDictionary<TKey, TValue> dictionary)
        where TKey : notnull
    {
        int n = 0;
        foreach (var (key, _) in dictionary)
        {
            if (!dictionary.ContainsKey(key))
            {
                throw new InvalidOperationException("an enumerated key is not found");
            }

            n++;
        }

        if (n != dictionary.Count)
        {
            throw new InvalidOperationException($"enumerated {n} entries of a dictionary of {dictionary.Count}");
        }
    }

    private static void Try(Action read)
    {
        try
        {
            read();
        }
        catch (Exception e) when (Expected(e))
        {
        }
    }

    private static bool Expected(Exception e) => e is SegmentException or SegmentRootKindException;
}
