using TLDeclarative.Spec.Model;

namespace TLDeclarative.Generators.Parsing.Attributes;

/// <summary>
/// The run time's declaration enums (TLDeclarative.Declarations), member by member in value order
/// (0, 1, 2, ...), mapped to the spec model. A test keeps these lists equal to the run time's enums.
/// </summary>
internal static class EnumMembers
{
    public static readonly (string Name, PoolingKind Value)[] Poolings =
        [("GlobalAverage", PoolingKind.GlobalAverage), ("GlobalMax", PoolingKind.GlobalMax)];

    public static readonly (string Name, ActivationKind Value)[] Activations =
        [("Relu", ActivationKind.Relu), ("None", ActivationKind.None)];

    public static readonly (string Name, FillModeKind Value)[] FillModes =
        [("Nearest", FillModeKind.Nearest), ("Constant", FillModeKind.Constant), ("Reflect", FillModeKind.Reflect)];

    public static readonly (string Name, FreezeKind Value)[] Freezes =
        [("All", FreezeKind.All), ("None", FreezeKind.None)];

    public static readonly (string Name, BatchNormMode Value)[] BatchNorms =
        [("Frozen", BatchNormMode.Frozen), ("Trainable", BatchNormMode.Trainable)];

    public static readonly (string Name, OptimizerKind Value)[] Optimizers =
        [("Adam", OptimizerKind.Adam), ("RmsProp", OptimizerKind.RmsProp), ("Sgd", OptimizerKind.Sgd), ("AdamW", OptimizerKind.AdamW)];

    public static readonly (string Name, MonitorKind Value)[] Monitors =
    [
        ("ValLoss", MonitorKind.ValLoss), ("ValAccuracy", MonitorKind.ValAccuracy), ("ValF1", MonitorKind.ValF1),
        ("Loss", MonitorKind.Loss), ("Accuracy", MonitorKind.Accuracy),
    ];

    public static readonly (string Name, SamplerMode Value)[] Samplers =
        [("Shuffle", SamplerMode.Shuffle), ("Weighted", SamplerMode.Weighted)];

    public static readonly (string Name, CorruptFilesMode Value)[] CorruptFiles =
        [("Fail", CorruptFilesMode.Fail), ("Skip", CorruptFilesMode.Skip)];

    public static readonly (string Name, FeatureCacheKind Value)[] FeatureCaches =
        [("Auto", FeatureCacheKind.Auto), ("Off", FeatureCacheKind.Off)];

    public static readonly (string Name, ScheduleKind Value)[] Schedules =
    [
        ("Constant", ScheduleKind.Constant), ("Step", ScheduleKind.Step), ("Cosine", ScheduleKind.Cosine),
        ("OneCycle", ScheduleKind.OneCycle), ("ReduceOnPlateau", ScheduleKind.ReduceOnPlateau),
    ];
}
