namespace CowCollections.Internal;

/// <summary>
/// The bit geometry of a trie, as a type parameter so the JIT folds it to constants.
/// Engines are generic over it; the public types use <see cref="DefaultGeometry"/>, and the tests
/// also run the engines with <see cref="TinyGeometry"/> (and <see cref="TinyWideLeafGeometry"/>) so that a few
/// thousand items make deep trees.
/// </summary>
/// <remarks>
/// Inner nodes and leaves have their own fan-out: an inner node holds up to <see cref="Width"/> children,
/// a leaf up to <see cref="LeafWidth"/> elements. A level-1 node (whose children are leaves) sits at shift
/// <see cref="LeafBits"/>; each level above adds <see cref="Bits"/>.
/// </remarks>
internal interface ITrieGeometry
{
    /// <summary>Bits of an index consumed per inner level.</summary>
    static abstract int Bits { get; }

    /// <summary>Children per inner node: <c>1 &lt;&lt; Bits</c>, at most <see cref="TrieGeometry.MaxWidth"/>.</summary>
    static abstract int Width { get; }

    /// <summary><c>Width - 1</c>.</summary>
    static abstract int Mask { get; }

    /// <summary>Bits of an index consumed by a leaf.</summary>
    static abstract int LeafBits { get; }

    /// <summary>Elements per leaf: <c>1 &lt;&lt; LeafBits</c>.</summary>
    static abstract int LeafWidth { get; }

    /// <summary><c>LeafWidth - 1</c>.</summary>
    static abstract int LeafMask { get; }
}

/// <summary>The single home of every node-geometry constant in the library.</summary>
internal static class TrieGeometry
{
    /// <summary>Bits per inner level of the vector trie (32-way nodes).</summary>
    public const int VectorBits = 5;

    /// <summary>
    /// Bits of a list leaf (64 elements). Wider than the nodes: a leaf's header (24 B) and its slot in the parent (8 B)
    /// are paid once per 64 elements, which keeps a list of 1M <c>int</c>s under 5 B per element (4.5) and of references
    /// under 9 B (8.5); a <c>SetItem</c> copies 256 B more for <c>int</c> than with 32-element leaves.
    /// </summary>
    public const int VectorLeafBits = 6;

    /// <summary>
    /// Bits of a leaf of an array's chunk directory (128 chunk references, 1 KiB like a chunk): a directory of up to
    /// 32 x 128 chunks (1M <c>int</c>s) is two levels above the chunks, so a random read is the directory's two loads
    /// plus the chunk's, one more than a flat directory would need.
    /// </summary>
    public const int ArrayDirectoryLeafBits = 7;

    /// <summary>
    /// The children slots every vector-trie node carries inline (32): the widest geometry. A node is one
    /// object whatever its child count, so a descent costs one dependent load per level.
    /// </summary>
    public const int MaxWidth = 1 << VectorBits;

    /// <summary>
    /// The slack of relaxed nodes: a child of a relaxed node may hold up to <c>capacity &lt;&lt; RelaxedSlackBits</c>
    /// elements (a leaf up to twice its width), so an insert into a full leaf grows that leaf instead of splitting a
    /// path of full nodes. Balanced nodes have no slack.
    /// </summary>
    public const int RelaxedSlackBits = 1;

    /// <summary>Bits of the hash consumed per CHAMP level (32-way, one <see cref="uint"/> bitmap).</summary>
    public const int ChampBits = 5;

    /// <summary>Children per CHAMP node.</summary>
    public const int ChampWidth = 1 << ChampBits;

    /// <summary>Mask of one CHAMP level's hash fragment.</summary>
    public const int ChampMask = ChampWidth - 1;

    /// <summary>Levels after which a 32-bit hash is used up and only collision nodes remain.</summary>
    public const int ChampMaxDepth = (32 + ChampBits - 1) / ChampBits;

    /// <summary>Bits per level of the tiny trie the tests use to reach depth 6+ with few items.</summary>
    public const int TinyBits = 2;

    /// <summary>Hash bits the tiny CHAMP test geometry branches on (6 levels of 2 bits; keys equal in them collide).</summary>
    public const int ChampTinyHashBits = 12;

    /// <summary>Leaf bits of the tiny test geometry whose leaves are wider than its inner nodes.</summary>
    public const int TinyWideLeafBits = 3;

    /// <summary>
    /// log2 of the bytes a chunk of a persistent array aims for (1 KiB: 16 cache lines, one copy per
    /// write stays cheap). The per-element-type chunk size is derived from it in <c>ChunkGeometry&lt;T&gt;</c>.
    /// </summary>
    public const int ArrayChunkByteBits = 10;

    /// <summary>log2 of the fewest elements in a chunk (8), so that large structs still get a chunk, not a cell.</summary>
    public const int ArrayChunkMinBits = 3;
}

/// <summary>
/// The bit geometry of a CHAMP trie, as a type parameter so the JIT folds it to constants (as <see cref="ITrieGeometry"/>
/// for the vector trie). The trie branches on the low <see cref="HashBits"/> bits of each key's 32-bit hash,
/// <see cref="Bits"/> per level; below the last bitmap level (at <see cref="CollisionShift"/>) only collision nodes
/// remain, holding keys whose used hash bits are equal. The dictionary uses <see cref="ChampDefaultGeometry"/>; the
/// tests also run the engine with <see cref="ChampTinyGeometry"/>, where a few hundred keys make a trie six levels deep
/// and collision nodes are common.
/// </summary>
internal interface IChampGeometry
{
    /// <summary>Hash bits consumed per level.</summary>
    static abstract int Bits { get; }

    /// <summary>Slots per node: <c>1 &lt;&lt; Bits</c>, at most 32 (one <see cref="uint"/> bitmap).</summary>
    static abstract int Width { get; }

    /// <summary><c>Width - 1</c>.</summary>
    static abstract int Mask { get; }

    /// <summary>The low bits of the hash the trie branches on (32: all of it).</summary>
    static abstract int HashBits { get; }

    /// <summary>The shift of collision nodes: the first multiple of <see cref="Bits"/> at or past <see cref="HashBits"/>.</summary>
    static abstract int CollisionShift { get; }

    /// <summary>The depth of collision nodes (<c>CollisionShift / Bits</c>); a path holds at most <c>MaxDepth + 1</c> nodes.</summary>
    static abstract int MaxDepth { get; }
}

/// <summary>The geometry of every dictionary: 32-way nodes over the whole 32-bit hash (collision nodes at depth 7).</summary>
internal readonly struct ChampDefaultGeometry : IChampGeometry
{
    public static int Bits => TrieGeometry.ChampBits;

    public static int Width => TrieGeometry.ChampWidth;

    public static int Mask => TrieGeometry.ChampMask;

    public static int HashBits => 32;

    public static int CollisionShift => TrieGeometry.ChampMaxDepth * TrieGeometry.ChampBits;

    public static int MaxDepth => TrieGeometry.ChampMaxDepth;
}

/// <summary>A CHAMP geometry for tests: 4-way nodes over the low 12 hash bits, so a few hundred keys reach depth 6 and collide.</summary>
internal readonly struct ChampTinyGeometry : IChampGeometry
{
    public static int Bits => TrieGeometry.TinyBits;

    public static int Width => 1 << TrieGeometry.TinyBits;

    public static int Mask => (1 << TrieGeometry.TinyBits) - 1;

    public static int HashBits => TrieGeometry.ChampTinyHashBits;

    public static int CollisionShift => (TrieGeometry.ChampTinyHashBits + TrieGeometry.TinyBits - 1) / TrieGeometry.TinyBits * TrieGeometry.TinyBits;

    public static int MaxDepth => (TrieGeometry.ChampTinyHashBits + TrieGeometry.TinyBits - 1) / TrieGeometry.TinyBits;
}

/// <summary>The geometry of every public list: 32-way nodes, 64-element leaves.</summary>
internal readonly struct DefaultGeometry : ITrieGeometry
{
    public static int Bits => TrieGeometry.VectorBits;

    public static int Width => 1 << TrieGeometry.VectorBits;

    public static int Mask => (1 << TrieGeometry.VectorBits) - 1;

    public static int LeafBits => TrieGeometry.VectorLeafBits;

    public static int LeafWidth => 1 << TrieGeometry.VectorLeafBits;

    public static int LeafMask => (1 << TrieGeometry.VectorLeafBits) - 1;
}

/// <summary>The geometry of an array's chunk directory (a list of chunks): 32-way nodes, 128-chunk leaves.</summary>
internal readonly struct ArrayDirectoryGeometry : ITrieGeometry
{
    public static int Bits => TrieGeometry.VectorBits;

    public static int Width => 1 << TrieGeometry.VectorBits;

    public static int Mask => (1 << TrieGeometry.VectorBits) - 1;

    public static int LeafBits => TrieGeometry.ArrayDirectoryLeafBits;

    public static int LeafWidth => 1 << TrieGeometry.ArrayDirectoryLeafBits;

    public static int LeafMask => (1 << TrieGeometry.ArrayDirectoryLeafBits) - 1;
}

/// <summary>A 4-way geometry for tests: trees reach depth 6 with a few thousand items.</summary>
internal readonly struct TinyGeometry : ITrieGeometry
{
    public static int Bits => TrieGeometry.TinyBits;

    public static int Width => 1 << TrieGeometry.TinyBits;

    public static int Mask => (1 << TrieGeometry.TinyBits) - 1;

    public static int LeafBits => TrieGeometry.TinyBits;

    public static int LeafWidth => 1 << TrieGeometry.TinyBits;

    public static int LeafMask => (1 << TrieGeometry.TinyBits) - 1;
}

/// <summary>A test geometry with 4-way nodes over 8-element leaves: leaf and node fan-outs differ.</summary>
internal readonly struct TinyWideLeafGeometry : ITrieGeometry
{
    public static int Bits => TrieGeometry.TinyBits;

    public static int Width => 1 << TrieGeometry.TinyBits;

    public static int Mask => (1 << TrieGeometry.TinyBits) - 1;

    public static int LeafBits => TrieGeometry.TinyWideLeafBits;

    public static int LeafWidth => 1 << TrieGeometry.TinyWideLeafBits;

    public static int LeafMask => (1 << TrieGeometry.TinyWideLeafBits) - 1;
}
