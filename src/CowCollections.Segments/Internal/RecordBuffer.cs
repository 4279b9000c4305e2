using System;
using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using CowCollections.Segments.Internal.Storage;

namespace CowCollections.Segments.Internal;

/// <summary>
/// Accumulates the records of one commit and appends them to the storage with positioned writes, in chunks of
/// about 1 MiB, at record boundaries. Nothing is written through the map.
/// <para>Invariant: <c>_bufferStart + _used</c> is the file offset of the next byte; records start
/// 8-aligned; a record is always wholly in the buffer while it is being built.</para>
/// <para>Preallocation: once the file is past 1 MiB, before a chunk would end past <see cref="Allocated"/>, the file
/// is grown with zeros to an eighth beyond it, so that most commits write into blocks the file already has and
/// their flush has no file length or allocation to make durable.</para>
/// <para>Seal: every byte from <see cref="Start"/> is also fed to one running XxHash3-64, so <see cref="Seal"/> gives the
/// checksum of everything this commit appended so far without reading it back. Once the commit has appended more than
/// <see cref="Format.SealedCommitLimit"/> it cannot be sealed, and the hashing stops.</para>
/// </summary>
internal sealed class RecordBuffer : IBufferWriter<byte>
{
    private const int FlushThreshold = 1 << 20;
    /// <summary>A file grows by its writes alone up to this length (a small file is not inflated); past it, by an eighth ahead.</summary>
    private const long PreallocateFrom = 1 << 20;
    private const long Granule = 64 << 10;

    private readonly SegmentStorage _storage;
    private byte[] _buffer = new byte[64 * 1024];
    private long _bufferStart;
    private int _used;
    private readonly XxHash3 _seal = new();

    /// <summary>How much of <c>_buffer[0.._used)</c> the seal hash has seen (the rest is appended by <see cref="Seal"/> or <see cref="Flush"/>).</summary>
    private int _sealed;

    /// <summary>A buffer appending at <paramref name="start"/>; <paramref name="allocated"/> is how far the file is already preallocated (<see cref="long.MaxValue"/>: never preallocate).</summary>
    public RecordBuffer(SegmentStorage storage, long start, long allocated)
    {
        _storage = storage;
        _bufferStart = start;
        Start = start;
        Allocated = allocated;
    }

    /// <summary>The file is at least this long (zeros past what was written).</summary>
    public long Allocated { get; private set; }

    /// <summary>Where this commit's first record starts.</summary>
    public long Start { get; }

    /// <summary>File offset of the next byte.</summary>
    public long Position => _bufferStart + _used;

    /// <summary>Starts a record; returns its offset (what parents store).</summary>
    public long BeginRecord(RecordTag tag)
    {
        if (_used >= FlushThreshold)
        {
            Flush();
        }

        long offset = Position;
        var head = GetSpan(Format.RecordHeaderSize);
        head[..Format.RecordHeaderSize].Clear();
        head[0] = (byte)tag;
        Advance(Format.RecordHeaderSize);
        return offset;
    }

    /// <summary>Ends the record started at <paramref name="offset"/>: pads to 8, patches the length, appends the checksum.</summary>
    public void EndRecord(long offset)
    {
        int start = checked((int)(offset - _bufferStart));
        int length = _used - start - Format.RecordHeaderSize;
        if (length > Format.MaxPayload)
        {
            throw new InvalidOperationException($"A segment record payload of {length} bytes exceeds the format's limit of {Format.MaxPayload}.");
        }

        int pad = Format.Align(length) - length;
        GetSpan(pad + Format.RecordChecksumSize)[..pad].Clear();
        Advance(pad);
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(start + 4), (uint)length);
        ulong checksum = Format.Checksum(_buffer.AsSpan(start, _used - start));
        BinaryPrimitives.WriteUInt64LittleEndian(GetSpan(8), checksum);
        Advance(8);
    }

    /// <summary>Writes everything buffered so far to the file.</summary>
    public void Flush()
    {
        if (_used > 0)
        {
            long end = _bufferStart + _used;
            if (end > Allocated && end > PreallocateFrom)
            {
                long grown = end + (end / 8);
                Allocated = (grown + Granule - 1) / Granule * Granule;
                _storage.Preallocate(Allocated);
            }

            if (end - Start <= Format.SealedCommitLimit)
            {
                _seal.Append(_buffer.AsSpan(_sealed, _used - _sealed));
            }

            _storage.Write(_buffer.AsSpan(0, _used), _bufferStart);
            _bufferStart += _used;
            _used = 0;
            _sealed = 0;
        }
    }

    /// <summary>The XxHash3-64 of every byte from <see cref="Start"/> to <see cref="Position"/> (call it between records, at most <see cref="Format.SealedCommitLimit"/> bytes in).</summary>
    public ulong Seal()
    {
        System.Diagnostics.Debug.Assert(Position - Start <= Format.SealedCommitLimit, "a commit small enough to seal");
        _seal.Append(_buffer.AsSpan(_sealed, _used - _sealed));
        _sealed = _used;
        return _seal.GetCurrentHashAsUInt64();
    }

    public void Advance(int count) => _used += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_used);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_used);
    }

    public void WriteUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(GetSpan(4), value);
        Advance(4);
    }

    public void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(GetSpan(4), value);
        Advance(4);
    }

    public void WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(GetSpan(8), value);
        Advance(8);
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetSpan(bytes.Length));
        Advance(bytes.Length);
    }

    /// <summary>Reserves 4 bytes for a length patched later by <see cref="PatchLength"/>.</summary>
    public int ReserveLength()
    {
        GetSpan(4);
        int at = _used;
        Advance(4);
        return at;
    }

    public void PatchLength(int at) =>
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(at), _used - at - 4);

    /// <summary>Overwrites 4 bytes at absolute file position <paramref name="position"/> inside the record being written.</summary>
    public void PatchInt32(long position, int value) =>
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(checked((int)(position - _bufferStart))), value);

    private void Ensure(int sizeHint)
    {
        int needed = _used + Math.Max(sizeHint, 16);
        if (needed > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(needed, checked(_buffer.Length * 2)));
        }
    }
}
