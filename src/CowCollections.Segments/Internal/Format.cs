using System;
using System.Buffers.Binary;
using System.IO.Hashing;
using CowCollections.Internal.Persistence;

namespace CowCollections.Segments.Internal;

/// <summary>
/// Every constant of the segment format (version 3); <c>docs/segment-format.md</c> describes the bytes.
/// All integers are little-endian with explicit widths.
/// </summary>
internal static class Format
{
    /// <summary>"COWSEG\r\n": the first 8 bytes of each header slot (the CR LF catches text-mode mangling, as in PNG).</summary>
    public static ReadOnlySpan<byte> Magic => "COWSEG\r\n"u8;

    /// <summary>
    /// The version this library writes: 3 (sealed commits). Version 2 brought 64-element list leaves and arrays
    /// with chunk records; version 3 adds the commit seal (<see cref="SealedCommitLimit"/>) and the sealed bit of
    /// the header slot's commit word.
    /// </summary>
    public const ushort Version = 3;

    /// <summary>The first version whose header slots may carry the sealed bit (<see cref="HeaderSlot.Sealed"/>).</summary>
    public const ushort SealedVersion = 3;

    /// <summary>
    /// A commit that appends at most this many bytes before its commit record is sealed: its commit record holds
    /// the checksum of those bytes, so the records and the header slot can be made durable by one flush (a reader
    /// that finds the seal broken opens the commit before). Bigger commits flush their records before the slot,
    /// which keeps the seal check that every open and refresh makes bounded by this length.
    /// </summary>
    public const long SealedCommitLimit = 1 << 20;

    /// <summary>The oldest version this library reads (version 1 records stay readable in any file).</summary>
    public const ushort OldestReadableVersion = 1;

    /// <summary>Bytes of one header slot.</summary>
    public const int SlotSize = 64;

    /// <summary>Slot A starts at 0, slot B at 4096: each in its own page and disk sector.</summary>
    public const long SlotBOffset = 4096;

    /// <summary>The first record starts here; everything before it is the two header slots.</summary>
    public const long DataStart = 8192;

    /// <summary>Records start at multiples of this.</summary>
    public const int Alignment = 8;

    /// <summary>Record header: tag (1), reserved (3), payload length (4).</summary>
    public const int RecordHeaderSize = 8;

    /// <summary>Trailing XxHash3-64 of the header, payload and padding.</summary>
    public const int RecordChecksumSize = 8;

    /// <summary>Payload limit: 1 GiB, so every record fits an <see cref="int"/>-sized span.</summary>
    public const int MaxPayload = 1 << 30;

    /// <summary>Hash function id of the key hash (XxHash3-64, seed 0, of the key's encoded bytes).</summary>
    public const byte KeyHashXxHash3 = 1;

    /// <summary>Checksum function id (XxHash3-64, seed 0).</summary>
    public const byte ChecksumXxHash3 = 1;

    public const byte VectorBits = SharedPersistence.VectorBits;

    public const byte ChampBits = SharedPersistence.ChampBits;

    /// <summary>Highest shift of a list branch: 7 levels of 5 bits index every <see cref="int"/> count.</summary>
    public const int MaxListShift = 30;

    public static long Align(long offset) => (offset + Alignment - 1) & ~(long)(Alignment - 1);

    public static int Align(int length) => (length + Alignment - 1) & ~(Alignment - 1);

    public static long SlotOffset(ulong commitNumber) => (commitNumber & 1) == 0 ? 0 : SlotBOffset;

    public static ulong Checksum(ReadOnlySpan<byte> bytes) => XxHash3.HashToUInt64(bytes);

    /// <summary>True when <paramref name="unixMilliseconds"/> is a <see cref="DateTimeOffset"/> (years 1 to 9999).</summary>
    public static bool IsTimestamp(long unixMilliseconds) =>
        unixMilliseconds >= DateTimeOffset.MinValue.ToUnixTimeMilliseconds() && unixMilliseconds <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();
}

/// <summary>Record type tags (byte 0 of every record).</summary>
internal enum RecordTag : byte
{
    /// <summary>The root table of one commit: the named roots and the previous commit.</summary>
    Commit = 0x10,

    /// <summary>A <c>PersistentList&lt;T&gt;</c>: count, tree root, tail, codec id.</summary>
    ListRoot = 0x20,

    /// <summary>A vector trie inner node: shift, child offsets, optional size table.</summary>
    ListBranch = 0x21,

    /// <summary>A vector trie leaf (also the tail): encoded elements.</summary>
    ListLeaf = 0x22,

    /// <summary>A <c>PersistentDictionary&lt;TKey, TValue&gt;</c>: count, root node, key and value codec ids.</summary>
    DictionaryRoot = 0x30,

    /// <summary>A CHAMP node (bitmap node, or collision node at shift 35): bitmaps, children with their entry counts, keys, values.</summary>
    DictionaryNode = 0x31,

    /// <summary>A <c>PersistentHashSet&lt;T&gt;</c>: count, root node (DictionaryNode records with empty value blocks), element codec id, the encoding of null if it holds null.</summary>
    SetRoot = 0x32,

    /// <summary>A <c>PersistentArray&lt;T&gt;</c>: length, chunk size, and a ListRoot whose values are chunks.</summary>
    ArrayRoot = 0x40,

    /// <summary>A leaf of an array's chunk directory (version 2): the offsets of its chunks' ListLeaf records.</summary>
    ArrayChunkTable = 0x41,
}

/// <summary>
/// One decoded header slot. <see cref="Sealed"/>: the commit is sealed (version 3), so its records and this slot
/// were made durable by one flush, and a file shorter than <see cref="CommittedLength"/> or a broken seal means the
/// commit did not complete (the other slot names the commit before it), not that the file was cut.
/// </summary>
internal readonly record struct HeaderSlot(ulong CommitNumber, long CommittedLength, long CommitOffset, long TimestampMs, ulong FileId, bool Sealed = false)
{
    private const ulong SealedBit = 1UL << 63;

    // Layout: magic[8] version u16 slotSize u16 vectorBits u8 champBits u8 keyHash u8 checksum u8
    //         commit u64 committedLength u64 commitOffset u64 timestamp i64 fileId u64 checksum u64
    // The commit word holds the commit number in bits 0-62 and, from version 3, the sealed flag in bit 63.
    public void Write(Span<byte> slot)
    {
        slot[..Format.SlotSize].Clear();
        Format.Magic.CopyTo(slot);
        BinaryPrimitives.WriteUInt16LittleEndian(slot[8..], Format.Version);
        BinaryPrimitives.WriteUInt16LittleEndian(slot[10..], Format.SlotSize);
        slot[12] = Format.VectorBits;
        slot[13] = Format.ChampBits;
        slot[14] = Format.KeyHashXxHash3;
        slot[15] = Format.ChecksumXxHash3;
        BinaryPrimitives.WriteUInt64LittleEndian(slot[16..], CommitNumber | (Sealed ? SealedBit : 0));
        BinaryPrimitives.WriteInt64LittleEndian(slot[24..], CommittedLength);
        BinaryPrimitives.WriteInt64LittleEndian(slot[32..], CommitOffset);
        BinaryPrimitives.WriteInt64LittleEndian(slot[40..], TimestampMs);
        BinaryPrimitives.WriteUInt64LittleEndian(slot[48..], FileId);
        BinaryPrimitives.WriteUInt64LittleEndian(slot[56..], Format.Checksum(slot[..56]));
    }

    /// <summary>What reading one slot found.</summary>
    public enum Status
    {
        Valid,
        NoMagic,
        BadChecksum,
        FutureVersion,
        OtherParameters,
        BadFields,
    }

    public static Status TryRead(ReadOnlySpan<byte> slot, out HeaderSlot header, out string detail)
    {
        header = default;
        detail = string.Empty;
        if (!slot[..8].SequenceEqual(Format.Magic))
        {
            detail = "no segment magic";
            return Status.NoMagic;
        }

        if (BinaryPrimitives.ReadUInt64LittleEndian(slot[56..]) != Format.Checksum(slot[..56]))
        {
            detail = "header slot checksum mismatch (a torn or damaged slot)";
            return Status.BadChecksum;
        }

        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(slot[8..]);
        if (version < Format.OldestReadableVersion || version > Format.Version)
        {
            detail = $"format version {version} is not supported (this library reads versions {Format.OldestReadableVersion} to {Format.Version})";
            return Status.FutureVersion;
        }

        if (BinaryPrimitives.ReadUInt16LittleEndian(slot[10..]) != Format.SlotSize || slot[12] != Format.VectorBits ||
            slot[13] != Format.ChampBits || slot[14] != Format.KeyHashXxHash3 || slot[15] != Format.ChecksumXxHash3)
        {
            detail = $"unsupported parameters (slot size {BinaryPrimitives.ReadUInt16LittleEndian(slot[10..])}, vector bits {slot[12]}, CHAMP bits {slot[13]}, key hash {slot[14]}, checksum {slot[15]})";
            return Status.OtherParameters;
        }

        ulong word = BinaryPrimitives.ReadUInt64LittleEndian(slot[16..]);
        bool sealedCommit = version >= Format.SealedVersion && (word & SealedBit) != 0;
        header = new HeaderSlot(
            sealedCommit ? word & ~SealedBit : word,
            BinaryPrimitives.ReadInt64LittleEndian(slot[24..]),
            BinaryPrimitives.ReadInt64LittleEndian(slot[32..]),
            BinaryPrimitives.ReadInt64LittleEndian(slot[40..]),
            BinaryPrimitives.ReadUInt64LittleEndian(slot[48..]),
            sealedCommit);
        bool emptyCommit = header.CommitOffset == 0 && header.CommittedLength == Format.DataStart;
        bool recordCommit = header.CommitOffset >= Format.DataStart && header.CommitOffset < header.CommittedLength &&
                            header.CommitOffset % Format.Alignment == 0;
        if (header.CommittedLength < Format.DataStart || header.CommittedLength % Format.Alignment != 0 ||
            !(emptyCommit || recordCommit) || (sealedCommit && !recordCommit) || header.CommitNumber > long.MaxValue || !Format.IsTimestamp(header.TimestampMs))
        {
            detail = "header slot fields out of range";
            return Status.BadFields;
        }

        return Status.Valid;
    }
}
