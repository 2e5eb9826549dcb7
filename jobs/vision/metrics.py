"""Every metric an analysis reports: its definition and unit, in one place (served by the API)."""

from __future__ import annotations

DISCLAIMER_VERSION = "analysis-disclaimer-1"
DISCLAIMER = ("本结果是基于图像特征的算法参考，不构成医学诊断、治疗或疗效判断；"
              "图像特征受光线、设备和拍摄条件影响。如有皮肤健康问题，请咨询具备资质的医生。")

# name -> (中文名称, 单位, 定义, 光线模式)
METRICS: dict[str, tuple[str, str, str, str]] = {
    # capture quality
    "sharpness": ("清晰度", "灰度拉普拉斯方差", "工作分辨率灰度图拉普拉斯响应的方差；越大越清晰。", "any"),
    "brightness": ("亮度", "0–255 灰度", "工作分辨率灰度图的平均值。", "any"),
    "clipped_high_pct": ("高光溢出占比", "%", "灰度 ≥ 250 的像素占比。", "any"),
    "clipped_low_pct": ("暗部死黑占比", "%", "灰度 ≤ 5 的像素占比。", "any"),
    "colour_cast": ("偏色程度", "通道均值比", "B、G、R 三个通道均值的最大值与最小值之比；1 表示无偏色。", "any"),
    "noise_sigma": ("噪声", "0–255 灰度标准差", "Immerkær 快速噪声估计。", "any"),
    "megapixels": ("分辨率", "百万像素", "原图像素数。", "any"),
    "face_width_pct": ("面部大小", "%", "检测到的正面人脸宽度占画面短边的比例。", "any"),
    "face_offset_pct": ("面部居中偏移", "%", "人脸中心与画面中心的距离占画面短边的比例。", "any"),
    "learned_quality": ("模型质量分", "0–1", "拍摄质量模型判定为“合格”的概率。", "any"),
    # skin features (standard light unless stated)
    "l_star": ("亮度 L*", "CIELAB L*（0–100）", "皮肤区域 L* 的中位数。", "standard"),
    "a_star": ("红绿 a*", "CIELAB a*", "皮肤区域 a* 的中位数；越大越偏红。", "standard"),
    "b_star": ("黄蓝 b*", "CIELAB b*", "皮肤区域 b* 的中位数；越大越偏黄。", "standard"),
    "ita_deg": ("个体类型角 ITA°", "度", "ITA° = arctan((L* − 50) / b*) × 180 / π，按中位数 L*、b* 计算；越大肤色越浅。",  # noqa: E501
                "standard"),
    "redness_index": ("泛红指数", "CIELAB a*", "皮肤区域 a* 的平均值。", "standard"),
    "red_area_pct": ("泛红面积", "%", "a* 比皮肤区域中位数高 5 以上的像素占皮肤区域的比例。", "standard"),
    "tone_evenness": ("肤色均匀度", "CIELAB L* 标准差", "皮肤区域 L* 的标准差；越小越均匀。", "standard"),
    "spot_count": ("斑点数量", "个", "比周围皮肤暗 6 个 L* 以上、面积 4 像素至皮肤区域 1% 的连通区域个数。", "standard"),  # noqa: E501
    "spot_area_pct": ("斑点面积", "%", "上述斑点总面积占皮肤区域的比例。", "standard"),
    "texture": ("纹理粗糙度", "CIELAB L*", "L* 与其高斯平滑（σ = 2 像素）之差的绝对值的平均。", "standard"),
    "pigment_spot_count": ("色素斑数量（交叉偏振）", "个", "交叉偏振光下，比周围皮肤暗 6 个 L* 以上且 b* 更高的斑点数。",  # noqa: E501
                           "cross_polarized"),
    "vascular_area_pct": ("血管性泛红面积（交叉偏振）", "%", "交叉偏振光下 a* 比皮肤中位数高 8 以上的像素占比。",
                          "cross_polarized"),
    "uv_spot_count": ("紫外斑点数量", "个", "紫外光下比周围皮肤暗 6 个 L* 以上的斑点数（表皮下色素）。", "uv"),
    "porphyrin_count": ("紫外荧光点数量", "个", "紫外光下红色通道明显高于绿色通道（差值 > 40）的亮点数。", "uv"),
    # before / after
    "alignment_score": ("对齐质量", "0–1", "单应性匹配的内点比例与内点数共同决定的对齐可信度。", "any"),
}


def catalogue() -> list[dict[str, str]]:
    return [{"name": name, "label": label, "unit": unit, "definition": definition, "light_mode": mode}
            for name, (label, unit, definition, mode) in METRICS.items()]
