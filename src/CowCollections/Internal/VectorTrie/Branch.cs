using System.Runtime.CompilerServices;
using System.Threading;

namespace CowCollections.Internal.VectorTrie;

/// <summary>
/// An inner node of the vector trie. Leaves are plain <c>T[]</c> arrays (exact length 1..Width), so a leaf
/// costs one array header and nothing else.
/// <para>Invariants (checked by <see cref="TrieChecker{T, G}"/>):</para>
/// <list type="bullet">
/// <item><see cref="Children"/> has exactly 1..Width entries, all of one height: leaves under a level-1
/// branch, branches above.</item>
/// <item><see cref="Sizes"/> is null for a <em>balanced</em> branch: every child but the last is full
/// (holds its capacity, <c>Width &lt;&lt; childShift</c>), so indexing is pure radix.</item>
/// <item>Otherwise the branch is <em>relaxed</em> and <c>Sizes[i]</c> is the number of elements in
/// children 0..i (strictly increasing, same length as <see cref="Children"/>).</item>
/// <item>A branch is mutated in place only when <see cref="Owner"/> is the live token of the builder
/// doing the edit; its <see cref="Sizes"/> array is then private to it.</item>
/// <item><see cref="OwnedLeaves"/> (level-1 branches only) has bit i set only if leaf i was allocated by
/// <see cref="Owner"/> and is referenced nowhere else; it is meaningful only while the owner is live.</item>
/// <item>A <em>lazy</em> branch (made by the segment layer over a mapped file) has its <see cref="Sizes"/>
/// but no children yet: the first read of <see cref="Children"/> asks its <see cref="BranchSource"/> to
/// decode them. Decoding is idempotent and thread-safe (racing readers decode equal content and one
/// children array wins); a lazy branch has no owner, so no builder ever edits it in place. Only
/// <see cref="Children"/> is a property, so the read path pays one null check per level.</item>
/// </list>
/// </summary>
internal sealed class Branch
{
    private object[]? _children;
    private BranchSource? _source;

    public Branch(object[] children, int[]? sizes, EditToken? owner, uint ownedLeaves = 0)
    {
        _children = children;
        Sizes = sizes;
        Owner = owner;
        OwnedLeaves = ownedLeaves;
    }

    /// <summary>A lazy branch with its size table: <paramref name="source"/> decodes its children on first touch.</summary>
    public Branch(BranchSource source, int[]? sizes)
    {
        _source = source;
        Sizes = sizes;
    }

    public object[] Children
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _children ?? Load();
        set => _children = value;
    }

    public int[]? Sizes;

    public EditToken? Owner;

    public uint OwnedLeaves;

    /// <summary>True while the children have not been decoded (a lazy branch not yet touched).</summary>
    public bool IsPending => Volatile.Read(ref _children) is null;

    /// <summary>Where a lazy branch comes from (null once loaded, and for every in-memory branch).</summary>
    public BranchSource? Source => Volatile.Read(ref _source);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private object[] Load() => LazyChildren.Load(ref _children, ref _source, static source => source.Load());
}

/// <summary>
/// Decodes the children of a lazy <see cref="Branch"/> (implemented by the segment layer over a mapped
/// file). <see cref="Load"/> must be deterministic: racing callers must get equal children.
/// It throws (a typed segment exception) when the bytes are damaged; the branch then stays lazy.
/// </summary>
internal abstract class BranchSource
{
    public abstract object[] Load();
}
