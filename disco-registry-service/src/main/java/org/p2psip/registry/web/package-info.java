@NullMarked
package org.p2psip.registry.web;

import org.jspecify.annotations.NullMarked;
