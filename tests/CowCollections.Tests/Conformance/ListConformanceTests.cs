namespace CowCollections.Tests.Conformance;

/// <summary>The list conformance suite run against the immutable value.</summary>
public sealed class PersistentListConformanceTests : ListConformance<PersistentList<int>>
{
    protected override IListMemberAdapter<PersistentList<int>> Writer { get; } = new PersistentListAdapter();
}

/// <summary>The list conformance suite run against the builder.</summary>
public sealed class PersistentListBuilderConformanceTests : ListConformance<PersistentList<int>.Builder>
{
    protected override IListMemberAdapter<PersistentList<int>.Builder> Writer { get; } = new BuilderAdapter();
}

/// <summary>The list conformance suite run against the thread-safe container.</summary>
public sealed class CopyOnWriteListConformanceTests : ListConformance<CopyOnWriteList<int>>
{
    protected override IListMemberAdapter<CopyOnWriteList<int>> Writer { get; } = new CopyOnWriteListAdapter();
}
