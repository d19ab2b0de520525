namespace TLDeclarative.Spec.Model
{
    /// <summary><c>data.class_weights</c>: <c>auto</c> (inverse class frequency) or one weight per declared class.</summary>
    /// <param name="Weights">For explicit weights: one per class, in the order written (the validator checks they name exactly the classes).</param>
    public sealed record ClassWeightsSpec(bool Auto, EquatableArray<ClassWeightSpec> Weights)
    {
        public static ClassWeightsSpec Automatic { get; } = new ClassWeightsSpec(true, default);
    }

    /// <summary>One entry of <c>class_weights: { cats: 1.0, dogs: 2.5 }</c>.</summary>
    public sealed record ClassWeightSpec(string Class, double Weight);

    /// <summary>
    /// <c>backbone: { onnx: models/net.onnx, ... }</c>: a user's ONNX file as the backbone.
    /// </summary>
    /// <param name="Path">The .onnx file, relative to the working directory.</param>
    /// <param name="Cut">The node whose output is the feature map; null: found when the file is loaded.</param>
    /// <param name="Pretrained">false (<c>weights: none</c>) re-initialises the file's weights randomly.</param>
    /// <param name="Preprocessing">How images become the network's input; null: ImageNet's (RGB, scale 1, torchvision mean and std).</param>
    /// <param name="Stages">Named stages in forward order; empty: one stage named "backbone".</param>
    public sealed record OnnxBackboneSpec(
        string Path,
        string? Cut,
        bool Pretrained,
        PreprocessingSpec? Preprocessing,
        EquatableArray<OnnxStageSpec> Stages)
    {
        /// <summary>The single stage's name when the spec names none.</summary>
        public const string WholeNetworkStage = "backbone";

        /// <summary>The stage names freeze policies may use.</summary>
        public EquatableArray<string> StageNames => Stages.Count == 0
            ? new EquatableArray<string>(new[] { WholeNetworkStage })
            : new EquatableArray<string>(System.Linq.Enumerable.Select(Stages, s => s.Name));
    }

    /// <param name="LastNode">The ONNX node that ends the stage.</param>
    public sealed record OnnxStageSpec(string Name, string LastNode);

    /// <summary>Channels reordered to <paramref name="ColorOrder"/>, times <paramref name="Scale"/>, then (x - mean) / std per channel.</summary>
    public sealed record PreprocessingSpec(ColorOrderKind ColorOrder, double Scale, EquatableArray<double> Mean, EquatableArray<double> Std)
    {
        /// <summary>torchvision's ImageNet normalisation: what a spec without <c>preprocessing</c> gets.</summary>
        public static PreprocessingSpec ImageNet { get; } = new PreprocessingSpec(
            ColorOrderKind.Rgb, 1, new EquatableArray<double>(new[] { 0.485, 0.456, 0.406 }), new EquatableArray<double>(new[] { 0.229, 0.224, 0.225 }));
    }

    /// <summary>torchvision's RandomResizedCrop: a crop of [MinScale, MaxScale] of the area with an aspect ratio in [MinRatio, MaxRatio].</summary>
    public sealed record RandomResizedCropSpec(double MinScale, double MaxScale, double MinRatio, double MaxRatio)
    {
        public static RandomResizedCropSpec Default { get; } = new RandomResizedCropSpec(0.08, 1.0, 3.0 / 4, 4.0 / 3);
    }

    /// <summary><c>feature_cache</c>: whether frozen-backbone features are computed once, and how many augmented views are kept.</summary>
    public sealed record FeatureCacheSpec(FeatureCacheKind Mode, int Views = 1)
    {
        public static FeatureCacheSpec Auto { get; } = new FeatureCacheSpec(FeatureCacheKind.Auto);
    }

    /// <summary><c>evaluation</c>: top-k accuracy and test-time augmentation (horizontal mirror).</summary>
    public sealed record EvaluationSpec(int TopK = 1, bool TestTimeAugmentation = false)
    {
        public static EvaluationSpec Default { get; } = new EvaluationSpec();
    }

    /// <summary><c>phases[].early_stopping</c>.</summary>
    /// <param name="RestoreBest">When the phase stops, go back to the weights of its best epoch.</param>
    public sealed record EarlyStoppingSpec(MonitorKind Monitor, int Patience, double MinDelta = 0, bool RestoreBest = true);

    public enum SamplerMode { Shuffle, Weighted }

    public enum CorruptFilesMode { Fail, Skip }

    public enum ColorOrderKind { Rgb, Bgr }

    public enum FeatureCacheKind { Auto, Off }

    /// <summary>An epoch metric: val_loss, val_accuracy, val_f1 (validation set), loss, accuracy (training).</summary>
    public enum MonitorKind { ValLoss, ValAccuracy, ValF1, Loss, Accuracy }
}
