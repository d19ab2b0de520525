namespace TLDeclarative.Spec.Model
{
    /// <summary>A whole transfer-learning experiment, as both front ends (YAML, attributes) describe it.</summary>
    /// <param name="Name">C# type name of the generated experiment class.</param>
    /// <param name="Classes">Class names in label order; data folders are named after them.</param>
    /// <param name="Output">Folder (relative to the working directory) for the run's artifacts.</param>
    public sealed record ExperimentSpec(
        string Name,
        int Seed,
        EquatableArray<string> Classes,
        DataSpec Data,
        BackboneSpec Backbone,
        HeadSpec Head,
        AugmentationSpec Augmentation,
        EquatableArray<PhaseSpec> Phases,
        string Output);

    /// <param name="Test">Optional held-out folder with the same class folders.</param>
    public sealed record DataSpec(
        string Train,
        string Validation,
        string? Test,
        int ImageHeight,
        int ImageWidth,
        int BatchSize);

    /// <param name="Name">Catalogue name, e.g. "resnet18".</param>
    /// <param name="Weights">"imagenet" (pretrained) or "none" (random initialisation).</param>
    public sealed record BackboneSpec(string Name, string Weights);

    public sealed record HeadSpec(PoolingKind Pooling, EquatableArray<HeadLayerSpec> Layers);

    /// <summary>One hidden layer of the head; the output layer follows from the class count.</summary>
    /// <param name="DropoutRate">For <see cref="HeadLayerKind.Dropout"/>.</param>
    /// <param name="Units">For <see cref="HeadLayerKind.Dense"/>.</param>
    /// <param name="Activation">For <see cref="HeadLayerKind.Dense"/>.</param>
    public sealed record HeadLayerSpec(HeadLayerKind Kind, double DropoutRate, int Units, ActivationKind Activation);

    /// <summary>Keras ImageDataGenerator-style augmentation; all zero/false means none.</summary>
    /// <param name="Rotation">Degrees; a random angle in [-Rotation, Rotation].</param>
    /// <param name="WidthShift">Fraction of the width.</param>
    /// <param name="HeightShift">Fraction of the height.</param>
    /// <param name="Shear">Shear angle in degrees.</param>
    /// <param name="Zoom">Zoom factor drawn from [1 - Zoom, 1 + Zoom].</param>
    public sealed record AugmentationSpec(
        double Rotation,
        double WidthShift,
        double HeightShift,
        double Shear,
        double Zoom,
        bool HorizontalFlip,
        FillModeKind FillMode)
    {
        public static AugmentationSpec None { get; } = new AugmentationSpec(0, 0, 0, 0, 0, false, FillModeKind.Nearest);
    }

    /// <param name="Epochs">Epochs of this phase; numbering continues from the phase before.</param>
    public sealed record PhaseSpec(string Name, FreezeSpec Freeze, OptimizerSpec Optimizer, int Epochs);

    /// <param name="Stage">For <see cref="FreezeKind.Until"/>: the first trainable stage; all stages before it stay frozen.</param>
    public sealed record FreezeSpec(FreezeKind Kind, string? Stage)
    {
        public static FreezeSpec All { get; } = new FreezeSpec(FreezeKind.All, null);

        public static FreezeSpec None { get; } = new FreezeSpec(FreezeKind.None, null);
    }

    /// <param name="Momentum">Used by sgd and rmsprop; 0 means none.</param>
    public sealed record OptimizerSpec(OptimizerKind Kind, double LearningRate, double Momentum);

    public enum PoolingKind { GlobalAverage, GlobalMax }

    public enum HeadLayerKind { Dropout, Dense }

    public enum ActivationKind { None, Relu }

    public enum FillModeKind { Nearest, Constant, Reflect }

    public enum FreezeKind { All, None, Until }

    public enum OptimizerKind { Adam, RmsProp, Sgd }
}
