/**
 * The `visState.params` each Dashboards visualization type renders with, as the editor saves them.
 * Only display settings live here; what data is shown is all in the aggs.
 */

export function metricParams(): Record<string, unknown> {
  return {
    addTooltip: true,
    addLegend: false,
    type: 'metric',
    metric: {
      percentageMode: false,
      useRanges: false,
      colorSchema: 'Green to Red',
      metricColorMode: 'None',
      colorsRange: [{ from: 0, to: 10000 }],
      labels: { show: true },
      invertColors: false,
      style: { bgFill: '#000', bgColor: false, labelColor: false, subText: '', fontSize: 48 },
    },
  };
}

export function pieParams(): Record<string, unknown> {
  return {
    type: 'pie',
    addTooltip: true,
    addLegend: true,
    legendPosition: 'right',
    isDonut: true,
    labels: { show: false, values: true, last_level: true, truncate: 100 },
  };
}

/** Params of the point-series types (`line`, `area`, `histogram`, `horizontal_bar`). */
export function pointSeriesParams(
  type: 'line' | 'area' | 'histogram' | 'horizontal_bar',
  metricLabel: string,
): Record<string, unknown> {
  const horizontal = type === 'horizontal_bar';
  const seriesType = type === 'horizontal_bar' ? 'histogram' : type;
  return {
    type,
    grid: { categoryLines: false },
    categoryAxes: [
      {
        id: 'CategoryAxis-1',
        type: 'category',
        position: horizontal ? 'left' : 'bottom',
        show: true,
        style: {},
        scale: { type: 'linear' },
        labels: { show: true, filter: !horizontal, truncate: 100 },
        title: {},
      },
    ],
    valueAxes: [
      {
        id: 'ValueAxis-1',
        name: horizontal ? 'BottomAxis-1' : 'LeftAxis-1',
        type: 'value',
        position: horizontal ? 'bottom' : 'left',
        show: true,
        style: {},
        scale: { type: 'linear', mode: 'normal' },
        labels: { show: true, rotate: 0, filter: false, truncate: 100 },
        title: { text: metricLabel },
      },
    ],
    seriesParams: [
      {
        show: true,
        type: seriesType,
        mode: type === 'line' ? 'normal' : 'stacked',
        data: { label: metricLabel, id: '1' },
        valueAxis: 'ValueAxis-1',
        drawLinesBetweenPoints: true,
        lineWidth: 2,
        showCircles: true,
        interpolate: 'linear',
      },
    ],
    addTooltip: true,
    addLegend: true,
    legendPosition: 'right',
    times: [],
    addTimeMarker: false,
    labels: { show: false },
    thresholdLine: { show: false, value: 10, width: 1, style: 'full', color: '#E7664C' },
  };
}

export function tableParams(): Record<string, unknown> {
  return {
    perPage: 10,
    showPartialRows: false,
    showMetricsAtAllLevels: false,
    showTotal: false,
    totalFunc: 'sum',
    percentageCol: '',
  };
}

export function tagCloudParams(): Record<string, unknown> {
  return { scale: 'linear', orientation: 'single', minFontSize: 14, maxFontSize: 60, showLabel: true };
}

/** Countries joined on their ISO 3166-1 alpha-2 code with the OpenSearch vector map service's world layer. */
export function regionMapParams(): Record<string, unknown> {
  return {
    legendPosition: 'bottomright',
    addTooltip: true,
    colorSchema: 'Reds',
    emsHotLink: '',
    isDisplayWarning: true,
    wms: { enabled: false },
    mapZoom: 2,
    mapCenter: [20, 0],
    outlineWeight: 1,
    showAllShapes: true,
    selectedLayer: {
      name: 'World Countries',
      origin: 'opensearch_dashboards_vector_service',
      layerId: 'opensearch_dashboards_vector_service.World Countries',
      isEMS: true,
      format: { type: 'geojson' },
      fields: [
        { name: 'iso2', description: 'Two letter abbreviation' },
        { name: 'name', description: 'Country name' },
        { name: 'iso3', description: 'Three letter abbreviation' },
      ],
    },
    selectedJoinField: { name: 'iso2', description: 'Two letter abbreviation' },
  };
}
