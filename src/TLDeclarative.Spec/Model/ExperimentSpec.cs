using System.Collections.Generic;

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
        string Output)
    {
        /// <summary>Whether frozen-backbone features are cached; auto when not set.</summary>
        public FeatureCacheSpec FeatureCache { get; init; } = FeatureCacheSpec.Auto;

        /// <summary>The metric that picks the best checkpoint; val_loss when not set.</summary>
        public MonitorKind CheckpointMonitor { get; init; }

        /// <summary>Top-k and test-time augmentation of the evaluation.</summary>
        public EvaluationSpec Evaluation { get; init; } = EvaluationSpec.Default;
    }

    /// <param name="Train">Folder with one sub-folder per class, or a .csv/.tsv list file (path, label).</param>
    /// <param name="Validation">Like <paramref name="Train"/>; empty when <see cref="ValidationSplit"/> carves it out of the training images.</param>
    /// <param name="Test">Optional held-out folder or list file.</param>
    public sealed record DataSpec(
        string Train,
        string Validation,
        string? Test,
        int ImageHeight,
        int ImageWidth,
        int BatchSize)
    {
        /// <summary>Fraction of the training images held out for validation; 0 when <see cref="Validation"/> is given.</summary>
        public double ValidationSplit { get; init; }

        /// <summary>Per-class loss weights; null: every class weighs 1.</summary>
        public ClassWeightsSpec? ClassWeights { get; init; }

        public SamplerMode Sampler { get; init; }

        public CorruptFilesMode CorruptFiles { get; init; }
    }

    /// <param name="Name">Catalogue name, e.g. "resnet18"; for an ONNX backbone, the file's path.</param>
    /// <param name="Weights">"imagenet" (pretrained), "none" (random initialisation) or a weight file (.pth, ...); for an ONNX backbone "file" or "none".</param>
    public sealed record BackboneSpec(string Name, string Weights)
    {
        /// <summary>Set for <c>backbone: { onnx: ... }</c>; null for a catalogue backbone.</summary>
        public OnnxBackboneSpec? Onnx { get; init; }

        /// <summary>
        /// Set for <c>weights: { url: ..., sha256: ... }</c>: a team's own weights file, fetched at run time;
        /// <see cref="Weights"/> then holds the URL.
        /// </summary>
        public string? WeightsSha256 { get; init; }
    }

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
        public bool VerticalFlip { get; init; }

        /// <summary>Brightness factor drawn from [1 - Brightness, 1 + Brightness].</summary>
        public double Brightness { get; init; }

        public double Contrast { get; init; }

        public double Saturation { get; init; }

        /// <summary>Hue shift drawn from [-Hue, Hue], a fraction of the colour wheel.</summary>
        public double Hue { get; init; }

        /// <summary>Null: no random resized crop.</summary>
        public RandomResizedCropSpec? RandomResizedCrop { get; init; }

        /// <summary>Probability of erasing one random rectangle.</summary>
        public double RandomErasing { get; init; }

        /// <summary>Mixup's Beta(alpha, alpha); 0: off.</summary>
        public double Mixup { get; init; }

        /// <summary>CutMix's Beta(alpha, alpha); 0: off.</summary>
        public double CutMix { get; init; }

        /// <summary>True when no transform changes the images (what makes cached features exact).</summary>
        public bool IsIdentity => this == None with { FillMode = FillMode };

        /// <summary>True when batches mix images before the backbone (mixup or cutmix).</summary>
        public bool MixesImages => Mixup > 0 || CutMix > 0;

        public static AugmentationSpec None { get; } = new AugmentationSpec(0, 0, 0, 0, 0, false, FillModeKind.Nearest);
    }

    /// <param name="Epochs">Epochs of this phase; numbering continues from the phase before.</param>
    public sealed record PhaseSpec(string Name, FreezeSpec Freeze, OptimizerSpec Optimizer, int Epochs)
    {
        /// <summary>How the learning rate changes over the phase; constant when not set.</summary>
        public ScheduleSpec Schedule { get; init; } = ScheduleSpec.Constant;

        /// <summary>Clip the gradient norm of the trainable parameters before every step; none when null.</summary>
        public GradientClippingSpec? GradientClipping { get; init; }

        /// <summary>BatchNorm layers of frozen stages: frozen (inference mode, the default) or trainable.</summary>
        public BatchNormMode BatchNorm { get; init; }

        /// <summary>Per-stage learning-rate multipliers (discriminative fine-tuning); stages not listed and the head get 1.</summary>
        public EquatableArray<StageMultiplier> LearningRateMultipliers { get; init; }

        /// <summary>Stops the phase when the monitored metric stops improving; null runs every epoch.</summary>
        public EarlyStoppingSpec? EarlyStopping { get; init; }
    }

    /// <summary>One entry of <c>lr_mult</c>: the stage's parameters train at <c>Multiplier</c> times the phase's rate.</summary>
    public sealed record StageMultiplier(string Stage, double Multiplier);

    /// <summary>A per-phase learning-rate schedule; only the settings of <see cref="Kind"/> matter.</summary>
    /// <param name="StepSize">step: epochs between two multiplications by <see cref="Gamma"/>.</param>
    /// <param name="Gamma">step: the factor.</param>
    /// <param name="WarmupEpochs">cosine: epochs of linear warm-up before the cosine decay.</param>
    /// <param name="MinLearningRate">cosine and reduce_on_plateau: the lowest rate.</param>
    /// <param name="WarmupFraction">one_cycle: fraction of the steps spent raising the rate (pct_start).</param>
    /// <param name="Factor">reduce_on_plateau: the factor applied when the monitored value stops improving.</param>
    /// <param name="Patience">reduce_on_plateau: epochs without improvement before the rate is reduced.</param>
    public sealed record ScheduleSpec(
        ScheduleKind Kind,
        int StepSize = 1,
        double Gamma = ScheduleSpec.DefaultGamma,
        int WarmupEpochs = 0,
        double MinLearningRate = 0,
        double WarmupFraction = ScheduleSpec.DefaultWarmupFraction,
        double Factor = ScheduleSpec.DefaultFactor,
        int Patience = ScheduleSpec.DefaultPatience)
    {
        public const double DefaultGamma = 0.1;
        public const double DefaultWarmupFraction = 0.3;
        public const double DefaultFactor = 0.1;
        public const int DefaultPatience = 10;

        public static ScheduleSpec Constant { get; } = new ScheduleSpec(ScheduleKind.Constant);
    }

    /// <param name="MaxNorm">The largest L2 norm of all trainable gradients together.</param>
    public sealed record GradientClippingSpec(double MaxNorm);

    /// <param name="Stage">For <see cref="FreezeKind.Until"/>: the first trainable stage; all stages before it stay frozen.</param>
    public sealed record FreezeSpec(FreezeKind Kind, string? Stage)
    {
        /// <summary>For <see cref="FreezeKind.TrainLast"/>: how many of the last stages train.</summary>
        public int Count { get; init; }

        /// <summary>For <see cref="FreezeKind.Except"/>: globs over stage and parameter names that train; everything else stays frozen.</summary>
        public EquatableArray<string> Patterns { get; init; }

        public static FreezeSpec TrainLast(int count) => new FreezeSpec(FreezeKind.TrainLast, null) { Count = count };

        public static FreezeSpec Except(IEnumerable<string> patterns) => new FreezeSpec(FreezeKind.Except, null) { Patterns = new EquatableArray<string>(patterns) };

        public static FreezeSpec All { get; } = new FreezeSpec(FreezeKind.All, null);

        public static FreezeSpec None { get; } = new FreezeSpec(FreezeKind.None, null);
    }

    /// <param name="Momentum">Used by sgd and rmsprop; 0 means none.</param>
    /// <param name="WeightDecay">L2 penalty (decoupled for adamw); 0 means none.</param>
    /// <param name="Nesterov">sgd only: Nesterov momentum.</param>
    public sealed record OptimizerSpec(OptimizerKind Kind, double LearningRate, double Momentum, double WeightDecay = 0, bool Nesterov = false);

    public enum PoolingKind { GlobalAverage, GlobalMax }

    public enum HeadLayerKind { Dropout, Dense }

    public enum ActivationKind { None, Relu }

    public enum FillModeKind { Nearest, Constant, Reflect }

    public enum FreezeKind { All, None, Until, TrainLast, Except }

    public enum BatchNormMode { Frozen, Trainable }

    public enum OptimizerKind { Adam, RmsProp, Sgd, AdamW }

    public enum ScheduleKind { Constant, Step, Cosine, OneCycle, ReduceOnPlateau }
}
