import { theme, type ThemeConfig } from 'antd';

/**
 * The staff console's Ant Design theme. Every text colour it sets reaches WCAG AA: 4.5:1 against the
 * backgrounds it sits on (white, the table's #fafafa, the page's #f0f2f5, a tag's own tint), checked
 * by axe-core on every page (test/web-a11y.e2e-spec.ts). antd's defaults do not: grey descriptions
 * (rgba(0,0,0,.45), 3.4:1), placeholders (rgba(0,0,0,.25), 1.8:1), and the preset tags' text (colour 7
 * of each palette on colour 1: 待派单's gold 2.8:1, cyan 3.4:1, green 3.4:1, orange 3.3:1).
 *
 * staff.css takes its colours from the same tokens through antd's CSS variables
 * (`var(--ant-color-text-description)`, `var(--ant-color-success-text)`, …), so a colour is set once, here.
 */

/**
 * A preset tag (`<Tag color="gold">`) writes palette colour 7 on colour 1 of the palette antd generates
 * from that colour's seed; antd ignores overrides of the palette's shades themselves (`gold7`), so the
 * seeds of the palettes whose 7 is too light are darker (each 7 on its 1 ≥ 5:1). Green and cyan have no
 * seed whose tint stays clean: the console uses the `success` status tag for them (colorSuccess* below).
 */
const TAG_SEEDS = {
  gold: '#ad6800', // 待派单: #874d00 on #ede8d5, 5.5:1 (antd's was 2.8:1)
  orange: '#c25a00', // 紧急: #9c4300 on #fff6e6, 6.1:1
  volcano: '#c4340a', // 已退回: #9e2000 on #fff0e6, 7.1:1
} as const;

const BASE = {
  colorPrimary: '#1557c0',
  borderRadius: 4,
  fontFamily:
    '-apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif',
};

export const STAFF_THEME: ThemeConfig = {
  token: {
    ...BASE,
    // Grey text: secondary lines, descriptions, table sorters, empty states, statistics' titles.
    colorTextTertiary: 'rgba(0, 0, 0, 0.6)', // 5.7:1 on white, 5.1:1 on #f0f2f5
    colorTextDescription: 'rgba(0, 0, 0, 0.6)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.56)', // 4.9:1 on white
    colorIcon: 'rgba(0, 0, 0, 0.6)',
    // Status text (countdowns, 已超时, warnings): the darker shade of each.
    colorSuccessText: '#237804', // 5.6:1 on white, 5.4:1 on colorSuccessBg
    colorWarningText: '#ad4e00', // 5.4:1
    colorErrorText: '#cf1322', // 5.6:1
    colorInfoText: '#0958d9',
    colorLink: '#1557c0', // 6.6:1 (antd's default link is colorInfo's #1677ff, 4.1:1)
    colorInfo: '#0958d9', // the 办理中 (processing) tag's text on its tint: 5.5:1
    colorError: '#cf1322', // danger text and form errors: 5.6:1 (antd's #ff4d4f is 3.9:1)
    ...TAG_SEEDS,
    // The success tag (已答复, 受理即派, 在用…): dark green on antd's light green.
    colorSuccess: '#237804',
    colorSuccessBg: '#f6ffed',
    colorSuccessBorder: '#b7eb8f',
  },
  components: {
    // An unchecked switch's label (否/关) is white on colorTextQuaternary: a darker track.
    Switch: { colorTextQuaternary: 'rgba(0, 0, 0, 0.56)', colorTextTertiary: 'rgba(0, 0, 0, 0.7)' },
  },
};

/**
 * The wall screen (大屏模式): antd's dark algorithm on its own, not inheriting the light overrides above
 * (black-based greys and dark tag text would vanish on the dark screen); large type.
 */
export const WALL_THEME: ThemeConfig = {
  inherit: false,
  algorithm: theme.darkAlgorithm,
  token: {
    ...BASE,
    fontSize: 18,
    colorBgContainer: 'rgba(9, 30, 62, 0.85)',
    colorTextTertiary: 'rgba(255, 255, 255, 0.65)',
    colorTextDescription: 'rgba(255, 255, 255, 0.65)',
  },
};
