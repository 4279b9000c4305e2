using CowCollections.Segments;
using CowCollections.Segments.Internal;
using CowCollections.Segments.Internal.Storage;

namespace CowCollections.Tests.Segments;

/// <summary>
/// A simulated disk behind the storage seam, for power-loss tests. Each file keeps what is durable (written
/// before its last flush) apart from what is only in the cache (written since); each directory keeps its durable
/// names (as of its last flush) apart from its current ones. <see cref="PowerLoss"/> builds the disk as it
/// would be found after the power was cut at this moment: every write since a file's last flush is dropped, or an
/// arbitrary subset of them is kept, each torn at 512-byte sector boundaries, and the file's length may or may not
/// have reached the disk. Names created or renamed since the last directory flush may be lost.
/// </summary>
internal sealed class SimulatedDisk : SegmentStorageSystem
{
    public const int Sector = 512;

    private readonly Dictionary<string, Inode> _names;
    private Dictionary<string, Inode> _durableNames;

    public SimulatedDisk()
        : this(new Dictionary<string, Inode>(StringComparer.Ordinal))
    {
    }

    private SimulatedDisk(Dictionary<string, Inode> names)
    {
        _names = names;
        _durableNames = new Dictionary<string, Inode>(names, StringComparer.Ordinal);
    }

    /// <summary>Called before every operation that changes the disk (write, flush, preallocation, rename, directory flush, create, delete).</summary>
    public Action? BeforeChange { get; set; }

    /// <summary>How many changing operations ran.</summary>
    public long Changes { get; private set; }

    /// <summary>How many file flushes ran (each is an <c>fdatasync</c> on a real disk).</summary>
    public long Flushes { get; private set; }

    public bool Exists(string path) => _names.ContainsKey(path);

    /// <summary>The current bytes of <paramref name="path"/> (what a process sees), for tests that inspect a file.</summary>
    public byte[] Contents(string path) => _names[path].Current[..(int)_names[path].Length];

    /// <summary>
    /// The disk after a power loss now: durable names and bytes, plus, when <paramref name="keepSome"/>, a random
    /// subset of the unflushed writes torn into sectors (<paramref name="random"/> decides which).
    /// </summary>
    public SimulatedDisk PowerLoss(Random random, bool keepSome)
    {
        var survivors = new Dictionary<Inode, Inode>();
        var names = new Dictionary<string, Inode>(StringComparer.Ordinal);
        double keep = new[] { 0.1, 0.5, 0.9 }[random.Next(3)];
        foreach (var (name, inode) in _durableNames)
        {
            if (!survivors.TryGetValue(inode, out var after))
            {
                after = inode.AfterPowerLoss(random, keepSome, keep);
                survivors[inode] = after;
            }

            names[name] = after;
        }

        return new SimulatedDisk(names);
    }

    public override SegmentStorage OpenRead(string path) =>
        _names.TryGetValue(path, out var inode) ? new Storage(this, path, inode) : throw new FileNotFoundException($"Simulated file '{path}' does not exist.", path);

    public override (SegmentStorage Storage, WriterLock Lock) OpenWriter(string path)
    {
        if (!_names.TryGetValue(path, out var inode))
        {
            Change();
            inode = new Inode();
            _names[path] = inode;
        }

        var storage = new Storage(this, path, inode);
        if (inode.Locked)
        {
            throw new SegmentWriterLockedException(path, "another simulated writer holds the file");
        }

        inode.Locked = true;
        return (storage, new Lock(inode));
    }

    public override SegmentStorage Create(string path)
    {
        Change();
        var inode = new Inode();
        _names[path] = inode;
        return new Storage(this, path, inode);
    }

    public override void Move(string source, string destination)
    {
        Change();
        _names[destination] = _names[source];
        _names.Remove(source);
    }

    public override void FlushDirectory(string directory)
    {
        Change();
        _durableNames = new Dictionary<string, Inode>(_names, StringComparer.Ordinal);
    }

    public override void Delete(string path)
    {
        if (_names.ContainsKey(path))
        {
            Change();
            _names.Remove(path);
        }
    }

    private void Change()
    {
        Changes++;
        BeforeChange?.Invoke();
    }

    /// <summary>One file: its durable bytes and length, and the writes made since its last flush.</summary>
    internal sealed class Inode
    {
        private readonly List<(long Offset, byte[] Bytes)> _pending = [];

        public byte[] Durable { get; private set; } = [];

        public long DurableLength { get; private set; }

        public byte[] Current { get; private set; } = [];

        public long Length { get; private set; }

        public bool Locked { get; set; }

        public void Write(ReadOnlySpan<byte> source, long offset)
        {
            long end = offset + source.Length;
            if (end > Current.Length)
            {
                var grown = new byte[Math.Max(end, Current.Length * 2L)];
                Current.CopyTo(grown, 0);
                Current = grown;
            }

            source.CopyTo(Current.AsSpan((int)offset));
            Length = Math.Max(Length, end);
            _pending.Add((offset, source.ToArray()));
        }

        public void Flush()
        {
            Durable = Current[..(int)Length];
            DurableLength = Length;
            _pending.Clear();
        }

        public Inode AfterPowerLoss(Random random, bool keepSome, double keep)
        {
            var after = new Inode();
            var bytes = new byte[Math.Max(DurableLength, Length)];
            Durable.CopyTo(bytes, 0);
            long length = DurableLength;
            if (keepSome)
            {
                foreach (var (offset, written) in _pending)
                {
                    // Sectors reach the disk whole or not at all, in any order: keep each piece independently.
                    for (long at = offset; at < offset + written.Length;)
                    {
                        long next = Math.Min(offset + written.Length, ((at / Sector) + 1) * Sector);
                        if (random.NextDouble() < keep)
                        {
                            written.AsSpan((int)(at - offset), (int)(next - at)).CopyTo(bytes.AsSpan((int)at));
                            length = Math.Max(length, next);
                        }

                        at = next;
                    }
                }

                // The new length may have reached the disk without the data (the unwritten part reads as zeros).
                if (random.Next(4) == 0)
                {
                    length = Length;
                }
            }

            after.Current = bytes[..(int)length];
            after.Length = length;
            after.Flush();
            return after;
        }
    }

    private sealed class Storage(SimulatedDisk disk, string path, Inode inode) : SegmentStorage
    {
        public Inode Inode => inode;

        public override string Path => path;

        public override long Length => inode.Length;

        public override void Read(Span<byte> destination, long offset)
        {
            destination.Clear();
            if (offset < inode.Length)
            {
                int n = (int)Math.Min(destination.Length, inode.Length - offset);
                inode.Current.AsSpan((int)offset, n).CopyTo(destination);
            }
        }

        public override void Write(ReadOnlySpan<byte> source, long offset)
        {
            disk.Change();
            inode.Write(source, offset);
        }

        public override void Flush()
        {
            disk.Change();
            disk.Flushes++;
            inode.Flush();
        }

        public override void Preallocate(long length)
        {
            if (length > inode.Length)
            {
                disk.Change();
                inode.Write(new byte[length - inode.Length], inode.Length);
            }
        }

        public override MappedView Map(long length)
        {
            var pinned = GC.AllocateUninitializedArray<byte>((int)length, pinned: true);
            inode.Current.AsSpan(0, (int)length).CopyTo(pinned);
            return new MappedView(path, pinned, length);
        }

        public override void Dispose()
        {
        }
    }

    private sealed class Lock(Inode first) : WriterLock
    {
        private Inode _current = first;

        public override void Adopt(SegmentStorage replacement)
        {
            var inode = ((Storage)replacement).Inode;
            Assert.False(inode.Locked, "the compacted file was already locked");
            _current.Locked = false;
            inode.Locked = true;
            _current = inode;
        }

        public override void Dispose() => _current.Locked = false;
    }
}
