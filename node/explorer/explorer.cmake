# The explorer web page embedded in tfnode. Include from node/CMakeLists.txt after
# add_library(tfl_node …):
#   include(explorer/explorer.cmake)
# At build time embed.cmake turns node/explorer/*.{html,js,css,svg} into
# explorer_assets.cpp (in the build tree), again whenever one of them changes; that file
# and explorer_routes.cpp join tfl_node.
file(GLOB TFL_EXPLORER_ASSETS CONFIGURE_DEPENDS
     ${CMAKE_CURRENT_LIST_DIR}/*.html ${CMAKE_CURRENT_LIST_DIR}/*.js
     ${CMAKE_CURRENT_LIST_DIR}/*.css ${CMAKE_CURRENT_LIST_DIR}/*.svg)
list(SORT TFL_EXPLORER_ASSETS)
string(REPLACE ";" "|" tfl_explorer_asset_arg "${TFL_EXPLORER_ASSETS}")
set(TFL_EXPLORER_CPP ${CMAKE_CURRENT_BINARY_DIR}/explorer_assets.cpp)
add_custom_command(
  OUTPUT ${TFL_EXPLORER_CPP}
  COMMAND ${CMAKE_COMMAND} "-DASSETS=${tfl_explorer_asset_arg}" "-DOUTPUT=${TFL_EXPLORER_CPP}"
          -P ${CMAKE_CURRENT_LIST_DIR}/embed.cmake
  DEPENDS ${TFL_EXPLORER_ASSETS} ${CMAKE_CURRENT_LIST_DIR}/embed.cmake
  COMMENT "Embedding the explorer page (node/explorer/)"
  VERBATIM)
target_sources(tfl_node PRIVATE ${TFL_EXPLORER_CPP} ${CMAKE_CURRENT_LIST_DIR}/../explorer_routes.cpp)
